import { randomBytes } from 'node:crypto';
import { Decrypter, Encrypter } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { decryptWithPassphrase, encryptWithPassphrase } from '../../electron/backend/age-native';

/** The native scrypt and STREAM code against age-encryption's own (pure JavaScript) implementation,
 *  both ways, at payload sizes around the 64 KiB chunk boundary. (The age command line is checked
 *  in age-interop.test.ts.) A low work factor keeps the test fast; the files say which they use. */
const PASS = 'correct horse 订书钉';
const SIZES = [0, 1, 65_535, 65_536, 65_537, 2 * 65_536, 200_000];

async function byLibrary(plain: Uint8Array, passphrase = PASS): Promise<Uint8Array> {
  const e = new Encrypter();
  e.setPassphrase(passphrase);
  e.setScryptWorkFactor(10);
  return e.encrypt(plain);
}

async function openedByLibrary(file: Uint8Array, passphrase = PASS): Promise<Uint8Array> {
  const d = new Decrypter();
  d.addPassphrase(passphrase);
  return d.decrypt(file);
}

describe('age passphrase files with node:crypto', () => {
  it.each(SIZES)('opens what age-encryption wrote, and age-encryption opens what it writes (%i bytes)', async (size) => {
    const plain = randomBytes(size);
    expect(Buffer.from(await decryptWithPassphrase(await byLibrary(plain), PASS))).toEqual(plain);
    const ours = await encryptWithPassphrase(plain, PASS, 10);
    expect(Buffer.from(ours.subarray(0, 22)).toString('latin1')).toBe('age-encryption.org/v1\n');
    expect(Buffer.from(await openedByLibrary(ours))).toEqual(plain);
  });

  it('a wrong passphrase unwraps nothing, with the message age-encryption gives', async () => {
    const file = await encryptWithPassphrase(randomBytes(100), PASS, 10);
    await expect(decryptWithPassphrase(file, 'wrong')).rejects.toThrow(/no identity matched/);
  });

  it('a file cut at a chunk boundary, cut inside a chunk, or with one byte changed is refused', async () => {
    const plain = randomBytes(3 * 65_536 + 10);
    const file = await encryptWithPassphrase(plain, PASS, 10);
    const headerAndNonce = file.length - (plain.length + 4 * 16);
    // Cut after two whole chunks: what is left decrypts chunk by chunk, but the last one's flag is wrong.
    await expect(decryptWithPassphrase(file.subarray(0, headerAndNonce + 2 * (65_536 + 16)), PASS)).rejects.toThrow(/damaged or cut short/);
    await expect(decryptWithPassphrase(file.subarray(0, file.length - 5), PASS)).rejects.toThrow();
    await expect(decryptWithPassphrase(file.subarray(0, headerAndNonce + 8), PASS)).rejects.toThrow();
    const changed = Uint8Array.from(file);
    changed[headerAndNonce + 70_000]! ^= 1;
    await expect(decryptWithPassphrase(changed, PASS)).rejects.toThrow(/damaged or cut short/);
    // A changed header fails its MAC (or the key it wraps).
    const header = Uint8Array.from(file);
    header[30]! ^= 1;
    await expect(decryptWithPassphrase(header, PASS)).rejects.toThrow();
    // The untouched file still opens.
    expect(Buffer.from(await decryptWithPassphrase(file, PASS))).toEqual(plain);
  });

  it('a header without its MAC line is refused', async () => {
    await expect(decryptWithPassphrase(Buffer.from('age-encryption.org/v1\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA 10\nabc\n'), PASS)).rejects.toThrow(/no MAC line/);
  });
});
