import { inflateRawSync } from 'node:zlib';

/** Reads a zip archive (a .docx) into its entries, by the central directory, with nothing but
 *  node:zlib. Stored and deflated entries only, which is all Office files use. */
export function readZip(bytes: Uint8Array): Map<string, Uint8Array> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('Not a zip archive: no end of central directory.');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const entries = new Map<string, Uint8Array>();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`Bad central directory entry at ${at}.`);
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`Bad local header for ${name}.`);
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataStart, dataStart + compressed);
    if (method === 0) entries.set(name, new Uint8Array(data));
    else if (method === 8) entries.set(name, new Uint8Array(inflateRawSync(data)));
    else throw new Error(`Unsupported compression ${method} for ${name}.`);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export const zipText = (entries: Map<string, Uint8Array>, name: string): string => {
  const entry = entries.get(name);
  if (!entry) throw new Error(`No ${name} in the archive (has: ${[...entries.keys()].join(', ')}).`);
  return new TextDecoder().decode(entry);
};

/** The text of a WordprocessingML part, paragraph by paragraph: the w:t runs joined, a w:br as a
 *  line break, XML entities decoded. */
export function docxParagraphs(xml: string): Array<{ style: string | null; text: string; pageBreakBefore: boolean }> {
  const out: Array<{ style: string | null; text: string; pageBreakBefore: boolean }> = [];
  for (const m of xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)) {
    const p = m[0];
    const style = /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? null;
    let text = '';
    for (const r of p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)) text += r[1] === undefined ? '\n' : decodeXml(r[1]);
    out.push({ style, text, pageBreakBefore: /<w:pageBreakBefore\/>|<w:pageBreakBefore w:val="(?:true|1|on)"\/>/.test(p) });
  }
  return out;
}

export function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}
