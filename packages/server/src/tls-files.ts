/**
 * The PEM files of the tls-* options, read and checked before Node gets them: Node accepts a
 * garbled CA file or DH parameters without a word (and then verifies no client, or offers no DHE
 * cipher), so every file is parsed here, and a problem is a TlsConfigurationError whose message
 * names the option, the file and the reason.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { errorReason } from './error-reason.js';

/** A TLS option whose value cannot be put into effect; the message is for the operator's log. */
export class TlsConfigurationError extends Error {}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PEM_DH_PARAMETERS = /-----BEGIN (X9\.42 )?DH PARAMETERS-----([\s\S]+?)-----END \1?DH PARAMETERS-----/;

function read(option: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new TlsConfigurationError(`Failed to load ${option} '${file}': ${errorReason(error)}`);
  }
}

function parseCertificates(option: string, file: string, text: string): X509Certificate[] {
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new TlsConfigurationError(`Failed to load ${option} '${file}': no PEM certificate in it`);
  return blocks.map((block) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      throw new TlsConfigurationError(`Failed to load ${option} '${file}': ${errorReason(error)}`);
    }
  });
}

/** A certificate file (the leaf first, then its chain) and what Node is given of it. */
export interface CertificateChain {
  readonly pem: Buffer;
  readonly leaf: X509Certificate;
}

export function readCertificateChain(option: string, file: string): CertificateChain {
  const pem = read(option, file);
  return { pem, leaf: parseCertificates(option, file, pem.toString('latin1'))[0] };
}

/** The private key of `certificate`, decrypted with `passphrase` when it is encrypted. */
export function readPrivateKey(options: {
  option: string; file: string; passphrase: string; certificate: CertificateChain; certificateOption: string; certificateFile: string;
}): Buffer {
  const { option, file, passphrase } = options;
  const pem = read(option, file);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, passphrase: passphrase === '' ? undefined : passphrase });
  } catch (error) {
    throw new TlsConfigurationError(`Failed to load ${option} '${file}': ${errorReason(error)}`);
  }
  if (!options.certificate.leaf.checkPrivateKey(key)) {
    throw new TlsConfigurationError(
      `Failed to load ${option} '${file}': it is not the private key of ${options.certificateOption} '${options.certificateFile}' (key values mismatch)`,
    );
  }
  return pem;
}

/**
 * The CA certificates of tls-ca-cert-file and of every file in tls-ca-cert-dir (OpenSSL's
 * hashed links and the files they point to alike; files holding no certificate are skipped),
 * as PEM blocks for Node's `ca`.
 */
export function readCaCertificates(file: string, directory: string): string[] {
  const blocks: string[] = [];
  if (file !== '') {
    const text = read('tls-ca-cert-file', file).toString('latin1');
    parseCertificates('tls-ca-cert-file', file, text);
    blocks.push(...(text.match(PEM_CERTIFICATE) ?? []));
  }
  if (directory !== '') {
    let names: string[];
    try {
      names = readdirSync(directory).sort();
    } catch (error) {
      throw new TlsConfigurationError(`Failed to load tls-ca-cert-dir '${directory}': ${errorReason(error)}`);
    }
    const before = blocks.length;
    for (const name of names) {
      const entry = path.join(directory, name);
      if (!statSync(entry, { throwIfNoEntry: false })?.isFile()) continue;
      const text = read('tls-ca-cert-dir', entry).toString('latin1');
      if (!text.includes('-----BEGIN CERTIFICATE-----')) continue;
      parseCertificates('tls-ca-cert-dir', entry, text);
      blocks.push(...(text.match(PEM_CERTIFICATE) ?? []));
    }
    if (blocks.length === before) throw new TlsConfigurationError(`Failed to load tls-ca-cert-dir '${directory}': no PEM certificate in it`);
  }
  return blocks;
}

/** Reads one DER length at `offset`: [length, offset of the contents], or undefined if cut off. */
function derLength(der: Buffer, offset: number): [number, number] | undefined {
  if (offset >= der.length) return undefined;
  const first = der[offset];
  if (first < 0x80) return [first, offset + 1];
  const count = first & 0x7f;
  if (count === 0 || count > 4 || offset + 1 + count > der.length) return undefined;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + der[offset + 1 + i];
  return [length, offset + 1 + count];
}

/**
 * How many INTEGERs open the DER SEQUENCE that fills `der` (later elements of other types are
 * skipped), or undefined when it is not one.
 */
function leadingIntegerCount(der: Buffer): number | undefined {
  if (der[0] !== 0x30) return undefined;
  const sequence = derLength(der, 1);
  if (sequence === undefined || sequence[1] + sequence[0] !== der.length) return undefined;
  let count = 0;
  for (let offset = sequence[1]; offset < der.length && der[offset] === 0x02; count++) {
    const integer = derLength(der, offset + 1);
    if (integer === undefined || integer[1] + integer[0] > der.length) return undefined;
    offset = integer[1] + integer[0];
  }
  return count;
}

/**
 * DH parameters — PKCS#3 (`DH PARAMETERS`: the prime and the generator) or X9.42 (`X9.42 DH
 * PARAMETERS`, as `openssl dhparam -dsaparam` writes: the prime, the generator and the
 * subgroup order) — checked for that shape, because Node drops parameters it cannot use
 * without saying so.
 */
export function readDhParameters(file: string): Buffer {
  const pem = read('tls-dh-params-file', file);
  const block = PEM_DH_PARAMETERS.exec(pem.toString('latin1'));
  const count = block === null ? undefined : leadingIntegerCount(Buffer.from(block[2].replace(/\s+/g, ''), 'base64'));
  if (count === undefined || count < (block?.[1] === 'X9.42 ' ? 3 : 2)) {
    throw new TlsConfigurationError(`Failed to load tls-dh-params-file '${file}': no PEM DH parameters (a prime and a generator) in it`);
  }
  return pem;
}
