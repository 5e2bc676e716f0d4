import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, scrypt } from 'node:crypto';
import { Decrypter, Encrypter, Stanza, type Identity, type Recipient } from 'age-encryption';

/** age passphrase files (https://age-encryption.org/v1, scrypt recipient) with Node's own crypto
 *  where the work is: age-encryption parses and writes the header and checks its MAC, while scrypt
 *  (2^18 by default: a quarter of a gigabyte of memory, the bulk of opening an encrypted file)
 *  runs natively on libuv's thread pool instead of in JavaScript on the main thread, and the
 *  payload (ChaCha20-Poly1305 STREAM in 64 KiB chunks) is decrypted by OpenSSL. The age command
 *  line reads what this writes and the other way round (test/backend/age-interop.test.ts). */

const SCRYPT_LABEL = 'age-encryption.org/v1/scrypt';
/** age's own limit on the work factor a file may ask for (log2 N). */
const MAX_LOG_N = 20;
const TAG = 16;
const CHUNK = 64 * 1024;

function scryptKey(passphrase: string, salt: Uint8Array, logN: number): Promise<Buffer> {
  const labelAndSalt = Buffer.concat([Buffer.from(SCRYPT_LABEL, 'latin1'), salt]);
  const N = 2 ** logN;
  // scrypt needs 128 * N * r bytes; Node refuses anything over 32 MB unless told.
  const maxmem = 128 * N * 8 + 16 * 1024 * 1024;
  return new Promise((resolve, reject) =>
    scrypt(passphrase, labelAndSalt, 32, { N, r: 8, p: 1, maxmem }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

const zeroNonce = () => Buffer.alloc(12);

function sealFileKey(fileKey: Uint8Array, key: Uint8Array): Uint8Array {
  const cipher = createCipheriv('chacha20-poly1305', key, zeroNonce(), { authTagLength: TAG });
  return Buffer.concat([cipher.update(fileKey), cipher.final(), cipher.getAuthTag()]);
}

function openFileKey(body: Uint8Array, key: Uint8Array): Uint8Array | null {
  const decipher = createDecipheriv('chacha20-poly1305', key, zeroNonce(), { authTagLength: TAG });
  decipher.setAuthTag(body.subarray(body.length - TAG));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG)), decipher.final()]);
  } catch {
    return null;
  }
}

const base64NoPad = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64').replace(/=+$/, '');

/** The scrypt recipient of age's passphrase mode, as age-encryption's own ScryptRecipient writes it. */
export class NativeScryptRecipient implements Recipient {
  constructor(
    private readonly passphrase: string,
    private readonly logN: number,
  ) {}

  async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
    const salt = randomBytes(16);
    const key = await scryptKey(this.passphrase, salt, this.logN);
    return [new Stanza(['scrypt', base64NoPad(salt), String(this.logN)], sealFileKey(fileKey, key))];
  }
}

/** The scrypt identity of age's passphrase mode, with the checks and the messages of
 *  age-encryption's own ScryptIdentity (a wrong passphrase unwraps nothing: null). */
export class NativeScryptIdentity implements Identity {
  constructor(private readonly passphrase: string) {}

  async unwrapFileKey(stanzas: Stanza[]): Promise<Uint8Array | null> {
    for (const s of stanzas) {
      if (s.args.length < 1 || s.args[0] !== 'scrypt') continue;
      if (stanzas.length !== 1) throw Error('scrypt recipient is not the only one in the header');
      if (s.args.length !== 3 || !/^[1-9][0-9]*$/.test(s.args[2]!)) throw Error('invalid scrypt stanza');
      if (!/^[A-Za-z0-9+/]{22}$/.test(s.args[1]!)) throw Error('invalid scrypt stanza');
      const salt = Buffer.from(s.args[1]!, 'base64');
      if (salt.length !== 16) throw Error('invalid scrypt stanza');
      const logN = Number(s.args[2]);
      if (logN > MAX_LOG_N) throw Error('scrypt work factor is too high');
      if (s.body.length !== 32) throw Error('invalid stanza');
      const fileKey = openFileKey(s.body, await scryptKey(this.passphrase, salt, logN));
      if (fileKey !== null) return fileKey;
    }
    return null;
  }
}

/** `bytes` encrypted with `passphrase`: an age file. */
export async function encryptWithPassphrase(bytes: Uint8Array, passphrase: string, logN = 18): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(new NativeScryptRecipient(passphrase, logN));
  return encrypter.encrypt(bytes);
}

/** The end of an age file's header: just past the MAC line (`--- <mac>\n`), or -1. Stanza lines
 *  begin with `-> ` and their bodies are base64, so the first line beginning with `---` is it. */
function headerEnd(bytes: Uint8Array): number {
  const limit = Math.min(bytes.length, 64 * 1024);
  for (let i = 0; i + 4 <= limit; i++) {
    if (bytes[i] === 0x0a && bytes[i + 1] === 0x2d && bytes[i + 2] === 0x2d && bytes[i + 3] === 0x2d) {
      const eol = bytes.indexOf(0x0a, i + 1);
      return eol < 0 ? -1 : eol + 1;
    }
  }
  return -1;
}

/** The plaintext of an age passphrase file. Throws age-encryption's errors for a wrong passphrase
 *  ("no identity matched…") and a damaged header, and `Error('…')` for a damaged or cut payload. */
export async function decryptWithPassphrase(bytes: Uint8Array, passphrase: string): Promise<Uint8Array> {
  const end = headerEnd(bytes);
  if (end < 0) throw Error('invalid header: no MAC line');
  const decrypter = new Decrypter();
  decrypter.addIdentity(new NativeScryptIdentity(passphrase));
  // age-encryption parses the header, unwraps the file key with the identity and checks the MAC.
  const fileKey = await decrypter.decryptHeader(bytes.subarray(0, end));
  if (bytes.length < end + 16) throw Error('payload is too short: no nonce');
  const nonce = bytes.subarray(end, end + 16);
  const key = Buffer.from(hkdfSync('sha256', fileKey, nonce, 'payload', 32));
  return decryptStream(key, bytes.subarray(end + 16));
}

/** age's STREAM: chunks of 64 KiB of plaintext, each sealed with a nonce of an 11-byte big-endian
 *  counter and a last-chunk flag byte. Only the last chunk may be shorter, and it is empty only
 *  when it is the only one; a file cut at a chunk boundary fails on the flag. */
function decryptStream(key: Buffer, payload: Uint8Array): Uint8Array {
  const sealed = CHUNK + TAG;
  const chunks = Math.max(1, Math.ceil(payload.length / sealed));
  const out = Buffer.allocUnsafe(Math.max(0, payload.length - chunks * TAG));
  const nonce = Buffer.alloc(12);
  let written = 0;
  for (let i = 0; i < chunks; i++) {
    const last = i === chunks - 1;
    const chunk = payload.subarray(i * sealed, Math.min(payload.length, (i + 1) * sealed));
    if (chunk.length < TAG) throw Error('payload is cut short');
    if (last && chunk.length === TAG && i > 0) throw Error('final chunk is empty');
    // The counter in bytes 0-10 (big-endian; six bytes hold any count a file can have), the flag in byte 11.
    nonce.fill(0);
    nonce.writeUIntBE(i, 5, 6);
    nonce[11] = last ? 1 : 0;
    const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
    decipher.setAuthTag(chunk.subarray(chunk.length - TAG));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(chunk.subarray(0, chunk.length - TAG)), decipher.final()]);
    } catch {
      throw Error(`payload chunk ${i} failed to decrypt: the file is damaged or cut short`);
    }
    plain.copy(out, written);
    written += plain.length;
  }
  return out.subarray(0, written);
}
