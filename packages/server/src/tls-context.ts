/**
 * The TLS context of the tls-* options, as Redis 7.0 builds its SSL_CTX: the certificate and key
 * (the key checked against the certificate), the CAs client certificates are verified against
 * (required unless tls-auth-clients is no), DH parameters, protocol versions, ciphers and session
 * resumption. buildTlsContext reads every file afresh, so it serves both the start and a CONFIG
 * SET reload, and throws a TlsConfigurationError naming the option and file that cannot be used.
 */
import { constants, type X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import type { Config } from '@ballast/core';
import { errorReason } from './error-reason.js';
import {
  readCaCertificates, readCertificateChain, readDhParameters, readPrivateKey, TlsConfigurationError, type CertificateChain,
} from './tls-files.js';

/** The options CONFIG SET reloads the TLS context for (tls-auth-clients is read per connection). */
export const TLS_CONTEXT_OPTIONS = [
  'tls-cert-file', 'tls-key-file', 'tls-key-file-pass', 'tls-client-cert-file', 'tls-client-key-file', 'tls-client-key-file-pass',
  'tls-dh-params-file', 'tls-ca-cert-file', 'tls-ca-cert-dir', 'tls-protocols', 'tls-ciphers', 'tls-ciphersuites',
  'tls-prefer-server-ciphers', 'tls-session-caching', 'tls-session-cache-size', 'tls-session-cache-timeout',
] as const;

const PROTOCOLS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
type Protocol = (typeof PROTOCOLS)[number];
const DISABLE_PROTOCOL: Record<Protocol, number> = {
  'TLSv1': constants.SSL_OP_NO_TLSv1, 'TLSv1.1': constants.SSL_OP_NO_TLSv1_1, 'TLSv1.2': constants.SSL_OP_NO_TLSv1_2, 'TLSv1.3': constants.SSL_OP_NO_TLSv1_3,
};
/** Redis's default when tls-protocols is empty. */
const DEFAULT_PROTOCOLS: readonly Protocol[] = ['TLSv1.2', 'TLSv1.3'];

export interface TlsContext {
  /** What tls.createServer and setSecureContext take. */
  readonly options: tls.SecureContextOptions;
  /** The server's certificate (the first of tls-cert-file), for the log. */
  readonly certificate: X509Certificate;
}

/**
 * tls-protocols as Node's version range, with the versions inside the range that are not
 * listed switched off (Redis takes any combination). Redis's message for a name it does not know.
 */
function protocolOptions(text: string): { minVersion: tls.SecureVersion; maxVersion: tls.SecureVersion; secureOptions: number } {
  const names = text.split(/\s+/).filter((name) => name !== '');
  const chosen = names.length === 0 ? DEFAULT_PROTOCOLS : names.map((name) => {
    const protocol = PROTOCOLS.find((known) => known.toLowerCase() === name.toLowerCase());
    if (protocol === undefined) {
      throw new TlsConfigurationError("Invalid tls-protocols specified. Use a combination of 'TLSv1', 'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'.");
    }
    return protocol;
  });
  const indexes = chosen.map((protocol) => PROTOCOLS.indexOf(protocol));
  const [low, high] = [Math.min(...indexes), Math.max(...indexes)];
  let secureOptions = 0;
  for (let index = low; index <= high; index++) if (!indexes.includes(index)) secureOptions |= DISABLE_PROTOCOL[PROTOCOLS[index]];
  return { minVersion: PROTOCOLS[low], maxVersion: PROTOCOLS[high], secureOptions };
}

/**
 * Node's one `ciphers` string from tls-ciphers (TLSv1.2 and below) and tls-ciphersuites
 * (TLSv1.3, the TLS_ names), each half Node's default when its option is empty; each given half
 * is tried on its own first so that the error names the option that Node refuses.
 */
function cipherOptions(ciphers: string, suites: string): string | undefined {
  if (ciphers === '' && suites === '') return undefined;
  const defaults = tls.DEFAULT_CIPHERS.split(':');
  const defaultSuites = defaults.filter((name) => name.startsWith('TLS_')).join(':');
  const defaultCiphers = defaults.filter((name) => !name.startsWith('TLS_')).join(':');
  const tryCiphers = (option: string, value: string, list: string) => {
    try {
      tls.createSecureContext({ ciphers: list });
    } catch (error) {
      throw new TlsConfigurationError(`Failed to configure ${option} '${value}': ${errorReason(error)}`);
    }
  };
  if (ciphers !== '') tryCiphers('tls-ciphers', ciphers, `${defaultSuites}:${ciphers}`);
  if (suites !== '') tryCiphers('tls-ciphersuites', suites, `${suites}:${defaultCiphers}`);
  return `${suites || defaultSuites}:${ciphers || defaultCiphers}`;
}

/** A certificate and its key, from a pair of options; the key is checked against the certificate. */
function readPair(config: Config, prefix: 'tls' | 'tls-client'): { chain: CertificateChain; key: Buffer } {
  const certificateOption = `${prefix}-cert-file`;
  const certificateFile = config.string(certificateOption);
  const chain = readCertificateChain(certificateOption, certificateFile);
  const key = readPrivateKey({
    option: `${prefix}-key-file`, file: config.string(`${prefix}-key-file`), passphrase: config.string(`${prefix}-key-file-pass`),
    certificate: chain, certificateOption, certificateFile,
  });
  return { chain, key };
}

/** Reads and checks everything the tls-* options name; throws TlsConfigurationError with the reason. */
export function buildTlsContext(config: Config): TlsContext {
  if (config.string('tls-cert-file') === '') throw new TlsConfigurationError('No tls-cert-file configured: TLS needs a certificate (PEM) and its key');
  if (config.string('tls-key-file') === '') throw new TlsConfigurationError('No tls-key-file configured: TLS needs the private key of tls-cert-file');
  const { chain, key } = readPair(config, 'tls');
  // Ballast opens no TLS connection of its own yet (no replication): the client pair is only checked.
  if (config.string('tls-client-cert-file') !== '' && config.string('tls-client-key-file') !== '') readPair(config, 'tls-client');
  const caFile = config.string('tls-ca-cert-file');
  const caDirectory = config.string('tls-ca-cert-dir');
  if (caFile === '' && caDirectory === '' && config.string('tls-auth-clients') !== 'no') {
    throw new TlsConfigurationError(
      'Either tls-ca-cert-file or tls-ca-cert-dir must be specified when tls-auth-clients is yes (the default) or optional; ' +
      'with tls-auth-clients no, clients are not asked for a certificate',
    );
  }
  const dhFile = config.string('tls-dh-params-file');
  const protocols = protocolOptions(config.string('tls-protocols'));
  const caching = config.boolean('tls-session-caching');
  const options: tls.SecureContextOptions = {
    cert: chain.pem,
    key,
    passphrase: config.string('tls-key-file-pass') || undefined,
    ca: caFile === '' && caDirectory === '' ? undefined : readCaCertificates(caFile, caDirectory),
    dhparam: dhFile === '' ? undefined : readDhParameters(dhFile),
    ciphers: cipherOptions(config.string('tls-ciphers'), config.string('tls-ciphersuites')),
    honorCipherOrder: config.boolean('tls-prefer-server-ciphers'),
    minVersion: protocols.minVersion,
    maxVersion: protocols.maxVersion,
    // Without session caching, no tickets either (Redis sets SSL_OP_NO_TICKET): nothing resumes.
    secureOptions: protocols.secureOptions | (caching ? 0 : constants.SSL_OP_NO_TICKET),
    sessionTimeout: config.integer('tls-session-cache-timeout') || undefined,
  };
  try {
    tls.createSecureContext(options);
  } catch (error) {
    throw new TlsConfigurationError(`Failed to configure TLS: ${errorReason(error)}`);
  }
  return { options, certificate: chain.leaf };
}
