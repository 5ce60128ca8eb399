/** The network routes validate and present with the shared contract of the network. */
export * from '../../../shared/contracts/network.js';
