import { readFileSync } from 'node:fs';
import type { Locale } from '../../../shared/roles.js';
import { html, joinHtml, publicPage, type SafeHtml } from '../../platform/http/html.js';
import { ANSWER_MAX, answerFieldName, QUESTIONS } from './tips.questions.js';
import { CHANNELS, type Channel } from './tips.table.js';

/** Server-rendered pages of the public tip line: plain HTML, no inline script or style, both languages. */

type Catalogue = Record<string, unknown>;
const catalogues: Record<Locale, Catalogue> = {
  'fr-CA': JSON.parse(
    readFileSync(new URL('../../../../locales/fr-CA/public.tips.json', import.meta.url), 'utf8'),
  ),
  'en-CA': JSON.parse(
    readFileSync(new URL('../../../../locales/en-CA/public.tips.json', import.meta.url), 'utf8'),
  ),
};

/** Translates a key of the public catalogue, with `{{name}}` parameters. */
export function pt(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  let value: unknown = catalogues[locale];
  for (const part of key.split('.')) value = (value as Catalogue | undefined)?.[part];
  if (typeof value !== 'string') return key;
  return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** The public addresses of each language. */
export const PATHS = {
  'fr-CA': {
    form: '/signalement',
    receipt: '/signalement/recu',
    thanks: '/signalement/merci',
    followUp: '/signalement/suivi',
  },
  'en-CA': {
    form: '/en/report',
    receipt: '/en/report/receipt',
    thanks: '/en/report/thanks',
    followUp: '/en/report/follow-up',
  },
} as const;

export const ASSET_CSS = '/signalement/tips.css';
export const ASSET_JS = '/signalement/tips.js';

const CYBERTIP: Record<Locale, string> = {
  'fr-CA': 'https://www.cyberaide.ca/',
  'en-CA': 'https://www.cybertip.ca/',
};

function other(locale: Locale): Locale {
  return locale === 'fr-CA' ? 'en-CA' : 'fr-CA';
}

function layout(
  locale: Locale,
  title: string,
  body: SafeHtml,
  otherPath: keyof (typeof PATHS)['fr-CA'],
): string {
  const t = (key: string) => pt(locale, key);
  const alt = other(locale);
  return publicPage({
    locale,
    lang: t('lang'),
    title,
    siteName: t('siteName'),
    prefix: 'tips',
    css: ASSET_CSS,
    js: ASSET_JS,
    referrer: 'same-origin',
    noindex: true,
    skip: t('skip'),
    otherLanguage: { href: PATHS[alt][otherPath], lang: pt(alt, 'lang'), label: t('otherLanguage') },
    quickExit: t('quickExit'),
    quickExitHint: t('quickExitHint'),
    body,
  });
}

export interface FormValues {
  channel?: string | undefined;
  facts?: string | undefined;
  who?: string | undefined;
  where?: string | undefined;
  when?: string | undefined;
  how?: string | undefined;
  online?: string | undefined;
  contact?: string | undefined;
  /** Answers to the channels' own questions, by form field name (`q_<channel>_<key>`). */
  answers?: Record<string, string> | undefined;
}

/** A problem shown on a public page: the field it belongs to (or none) and its message. */
export interface PageProblem {
  field: string | null;
  message: string;
}

function errorSummary(locale: Locale, problems: PageProblem[]): SafeHtml {
  if (problems.length === 0) return html``;
  const items = problems.map((p) =>
    p.field ? html`<li><a href="#field-${p.field}">${p.message}</a></li>` : html`<li>${p.message}</li>`,
  );
  return html`<div class="tips-errors" role="alert" tabindex="-1"><h2>${pt(locale, 'form.errorsTitle')}</h2><ul>${items}</ul></div>`;
}

function textArea(
  locale: Locale,
  name: Exclude<keyof FormValues, 'answers'>,
  values: FormValues,
  problems: PageProblem[],
  options: { required?: boolean; rows?: number; maxLength: number },
): SafeHtml {
  const problem = problems.find((p) => p.field === name);
  const id = `field-${name}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const described = [hintId, ...(problem ? [errorId] : [])].join(' ');
  return html`<div class="tips-field${problem ? ' tips-field-invalid' : ''}">
<label for="${id}">${pt(locale, `form.${name}Label`)}</label>
<p class="tips-hint" id="${hintId}">${pt(locale, `form.${name}Hint`)}</p>
${problem ? html`<p class="tips-error" id="${errorId}">${problem.message}</p>` : ''}
<textarea id="${id}" name="${name}" rows="${options.rows ?? 3}" maxlength="${options.maxLength}" aria-describedby="${described}"${options.required ? ' required' : ''}${problem ? html` aria-invalid="true"` : ''}>${values[name] ?? ''}</textarea>
</div>`;
}

/**
 * The channels' own questions: one fieldset per channel under its name, all shown so the form works
 * without JavaScript; the tipster answers the one matching their choice (the others are refused).
 */
function questionSets(locale: Locale, values: FormValues, problems: PageProblem[]): SafeHtml {
  const sets = (CHANNELS as readonly Channel[])
    .filter((channel) => QUESTIONS[channel].length > 0)
    .map((channel) => {
      const fields = QUESTIONS[channel].map((key) => {
        const name = answerFieldName(channel, key);
        const id = `field-${name}`;
        const problem = problems.find((p) => p.field === name);
        const described = [`${id}-hint`, ...(problem ? [`${id}-error`] : [])].join(' ');
        return html`<div class="tips-field${problem ? ' tips-field-invalid' : ''}">
<label for="${id}">${pt(locale, `questions.${channel}.${key}Label`)}</label>
<p class="tips-hint" id="${id}-hint">${pt(locale, `questions.${channel}.${key}Hint`)}</p>
${problem ? html`<p class="tips-error" id="${id}-error">${problem.message}</p>` : ''}
<textarea id="${id}" name="${name}" rows="2" maxlength="${ANSWER_MAX}" aria-describedby="${described}"${problem ? html` aria-invalid="true"` : ''}>${values.answers?.[name] ?? ''}</textarea>
</div>`;
      });
      return html`<fieldset class="tips-questions-set" data-channel="${channel}">
<legend>${pt(locale, `questions.${channel}.legend`)}</legend>
${joinHtml(fields, '\n')}
</fieldset>`;
    });
  return html`<section class="tips-question-sets" aria-labelledby="questions-title">
<h2 id="questions-title">${pt(locale, 'questions.title')}</h2>
<p>${pt(locale, 'questions.intro')}</p>
${joinHtml(sets, '\n')}
</section>`;
}

function fileInput(locale: Locale, problems: PageProblem[]): SafeHtml {
  const problem = problems.find((p) => p.field === 'attachments');
  const described = ['field-attachments-hint', ...(problem ? ['field-attachments-error'] : [])].join(' ');
  return html`<div class="tips-field${problem ? ' tips-field-invalid' : ''}">
<label for="field-attachments">${pt(locale, 'form.attachmentsLabel')}</label>
<p class="tips-hint" id="field-attachments-hint">${pt(locale, 'form.attachmentsHint')}</p>
${problem ? html`<p class="tips-error" id="field-attachments-error">${problem.message}</p>` : ''}
<input type="file" id="field-attachments" name="attachments" multiple accept=".pdf,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp" aria-describedby="${described}"${problem ? html` aria-invalid="true"` : ''}>
</div>`;
}

/** The tip form, with the 911 notice first; re-rendered with the tipster's text when something is wrong. */
export function renderForm(
  locale: Locale,
  options: { token: string; values?: FormValues; problems?: PageProblem[] },
): string {
  const values = options.values ?? {};
  const problems = options.problems ?? [];
  const t = (key: string) => pt(locale, key);
  const channelProblem = problems.find((p) => p.field === 'channel');
  const channels = CHANNELS.map(
    (channel, index) => html`<div class="tips-choice">
<input type="radio" id="${index === 0 ? 'field-channel' : `field-channel-${channel}`}" name="channel" value="${channel}"${values.channel === channel ? ' checked' : ''}${index === 0 ? ' required' : ''}>
<label for="${index === 0 ? 'field-channel' : `field-channel-${channel}`}">${t(`form.channels.${channel}`)}</label>
</div>`,
  );
  const body = html`<h1>${t('form.title')}</h1>
<section class="tips-emergency" aria-labelledby="emergency-title">
<h2 id="emergency-title">${t('form.emergencyTitle')}</h2>
<p>${t('form.emergencyText')}</p>
</section>
<p>${t('form.anonymity')}</p>
${errorSummary(locale, problems)}
<form method="post" action="${PATHS[locale].form}" class="tips-form" enctype="multipart/form-data" novalidate>
<input type="hidden" name="token" value="${options.token}">
<p>${t('form.required')}</p>
<fieldset class="tips-channels${channelProblem ? ' tips-field-invalid' : ''}">
<legend>${t('form.channelLegend')}</legend>
${channelProblem ? html`<p class="tips-error">${channelProblem.message}</p>` : ''}
${joinHtml(channels, '\n')}
</fieldset>
<section class="tips-online" aria-labelledby="online-title">
<h2 id="online-title">${t('form.onlineTitle')}</h2>
<p>${t('form.onlineText')}</p>
<p><a href="${CYBERTIP[locale]}" rel="noreferrer noopener">${t('form.onlineLink')}</a></p>
</section>
${textArea(locale, 'facts', values, problems, { required: true, rows: 8, maxLength: 8000 })}
${textArea(locale, 'who', values, problems, { maxLength: 2000 })}
${textArea(locale, 'where', values, problems, { maxLength: 2000 })}
${textArea(locale, 'when', values, problems, { maxLength: 2000 })}
${textArea(locale, 'how', values, problems, { maxLength: 2000 })}
${questionSets(locale, values, problems)}
${fileInput(locale, problems)}
${textArea(locale, 'contact', values, problems, { rows: 2, maxLength: 500 })}
<div class="tips-hp">
<label for="field-website">${t('form.honeypotLabel')}</label>
<input type="text" id="field-website" name="website" value="" tabindex="-1" autocomplete="off">
</div>
<button type="submit" class="tips-button">${t('form.submit')}</button>
</form>`;
  return layout(locale, pt(locale, 'form.title'), body, 'form');
}

/**
 * The receipt after a tip, with the "I have noted it" step. The same address shows it again for a few
 * minutes (a reload, a switch of apps), then shows a page that tells kindly why it no longer can and
 * says nothing of whether a tip exists.
 */
export function renderReceipt(
  locale: Locale,
  shown: { receipt: string; ticket: string } | null,
  minutes: number,
): string {
  const t = (key: string, params?: Record<string, string | number>) => pt(locale, key, params);
  const body = shown
    ? html`<h1>${t('receipt.title')}</h1>
<p>${t('receipt.intro')}</p>
<p class="tips-receipt-label" id="receipt-label">${t('receipt.label')}</p>
<p class="tips-receipt" aria-labelledby="receipt-label"><strong>${shown.receipt}</strong></p>
<p>${t('receipt.use')}</p>
<p>${t('receipt.again', { minutes })}</p>
<form method="post" action="${PATHS[locale].receipt}">
<input type="hidden" name="ticket" value="${shown.ticket}">
<button type="submit" class="tips-button">${t('receipt.saved')}</button>
</form>`
    : html`<h1>${t('receipt.goneTitle')}</h1>
<p>${t('receipt.gone', { minutes })}</p>
<ul class="tips-links">
<li><a href="${PATHS[locale].followUp}">${t('thanks.followUp')}</a></li>
<li><a href="${PATHS[locale].form}">${t('thanks.newTip')}</a></li>
</ul>`;
  return layout(locale, pt(locale, shown ? 'receipt.title' : 'receipt.goneTitle'), body, 'form');
}

/**
 * The form's place while no police service receives the line: nothing can be sent, so nothing is
 * asked; the emergency number and the national tip line come first.
 */
export function renderClosed(locale: Locale): string {
  const t = (key: string) => pt(locale, key);
  const body = html`<h1>${t('closed.title')}</h1>
<section class="tips-emergency" aria-labelledby="emergency-title">
<h2 id="emergency-title">${t('form.emergencyTitle')}</h2>
<p>${t('form.emergencyText')}</p>
</section>
<p>${t('closed.text')}</p>
<p>${t('closed.online')}</p>
<p><a href="${CYBERTIP[locale]}" rel="noreferrer noopener">${t('form.onlineLink')}</a></p>
<ul class="tips-links">
<li><a href="${PATHS[locale].followUp}">${t('thanks.followUp')}</a></li>
</ul>`;
  return layout(locale, pt(locale, 'closed.title'), body, 'form');
}

export function renderThanks(locale: Locale): string {
  const t = (key: string) => pt(locale, key);
  const body = html`<h1>${t('thanks.title')}</h1>
<p>${t('thanks.text')}</p>
<ul class="tips-links">
<li><a href="${PATHS[locale].followUp}">${t('thanks.followUp')}</a></li>
<li><a href="${PATHS[locale].form}">${t('thanks.newTip')}</a></li>
</ul>`;
  return layout(locale, pt(locale, 'thanks.title'), body, 'thanks');
}

/** The follow-up: the receipt form, or the police questions and the answer form of an open session. */
export function renderFollowUp(
  locale: Locale,
  options: {
    token: string;
    problems?: PageProblem[];
    session?: { token: string; questions: Array<{ body: string; askedAt: string }>; sent: boolean };
    message?: string;
  },
): string {
  const t = (key: string) => pt(locale, key);
  const problems = options.problems ?? [];
  let body: SafeHtml;
  if (!options.session) {
    const problem = problems.find((p) => p.field === 'receipt');
    body = html`<p>${t('followUp.intro')}</p>
${errorSummary(locale, problems)}
<form method="post" action="${PATHS[locale].followUp}" class="tips-form" novalidate>
<input type="hidden" name="token" value="${options.token}">
<div class="tips-field${problem ? ' tips-field-invalid' : ''}">
<label for="field-receipt">${t('followUp.receiptLabel')}</label>
${problem ? html`<p class="tips-error" id="field-receipt-error">${problem.message}</p>` : ''}
<input type="text" id="field-receipt" name="receipt" inputmode="numeric" autocomplete="off" maxlength="40" required${problem ? html` aria-invalid="true" aria-describedby="field-receipt-error"` : ''}>
</div>
<button type="submit" class="tips-button">${t('followUp.open')}</button>
</form>`;
  } else {
    const session = options.session;
    const problem = problems.find((p) => p.field === 'message');
    const questions =
      session.questions.length === 0
        ? html`<p>${t('followUp.noQuestions')}</p>`
        : html`<ol class="tips-questions">${session.questions.map(
            (q) =>
              html`<li><p class="tips-hint">${pt(locale, 'followUp.askedOn', { date: q.askedAt })}</p><p>${q.body}</p></li>`,
          )}</ol>`;
    body = html`${session.sent ? html`<p class="tips-sent" role="status">${t('followUp.sent')}</p>` : ''}
${errorSummary(locale, problems)}
<h2>${t('followUp.questionsTitle')}</h2>
${questions}
<form method="post" action="${PATHS[locale].followUp}" class="tips-form" novalidate>
<input type="hidden" name="token" value="${options.token}">
<input type="hidden" name="session" value="${session.token}">
<div class="tips-field${problem ? ' tips-field-invalid' : ''}">
<label for="field-message">${t('followUp.answerLabel')}</label>
<p class="tips-hint" id="field-message-hint">${t('followUp.answerHint')}</p>
${problem ? html`<p class="tips-error" id="field-message-error">${problem.message}</p>` : ''}
<textarea id="field-message" name="message" rows="6" maxlength="4000" aria-describedby="field-message-hint${problem ? ' field-message-error' : ''}"${problem ? html` aria-invalid="true"` : ''}>${options.message ?? ''}</textarea>
</div>
<button type="submit" class="tips-button">${t('followUp.send')}</button>
</form>
<p><a href="${PATHS[locale].thanks}">${t('followUp.done')}</a></p>`;
  }
  return layout(
    locale,
    pt(locale, 'followUp.title'),
    html`<h1>${t('followUp.title')}</h1>\n${body}`,
    'followUp',
  );
}

/** A plain page for a request that could not be read at all (bad encoding, too large). */
export function renderProblem(locale: Locale, message: string): string {
  const body = html`<h1>${pt(locale, 'form.title')}</h1>
${errorSummary(locale, [{ field: null, message }])}
<p><a href="${PATHS[locale].form}">${pt(locale, 'thanks.newTip')}</a></p>`;
  return layout(locale, pt(locale, 'form.title'), body, 'form');
}
