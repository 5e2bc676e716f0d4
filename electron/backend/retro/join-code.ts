import { randomInt } from 'node:crypto';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '../../../shared/domain/retro-phones';

/** Codes handed out by this process: a new session never gets one an earlier session had, so an
 *  old link or photo of the projector cannot reach a later session. */
const issued = new Set<string>();

/** A random join code (crypto), read aloud or typed without mix-ups, never issued before here. */
export function newJoinCode(): string {
  for (;;) {
    let code = '';
    for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
    if (!issued.has(code)) {
      issued.add(code);
      return code;
    }
  }
}
