/** What the web app reads from the public configuration route before anyone signs in. */
export interface PublicConfig {
  demo: boolean;
}
