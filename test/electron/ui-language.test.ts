import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readUiLanguage, savedUiLanguage, writeUiLanguage } from '../../electron/main/ui-language';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();

describe('remembered UI language', () => {
  it('follows the OS locale until the user chooses', () => {
    const file = join(tempDir(), 'ui-language.json');
    expect(readUiLanguage(file, 'zh-CN')).toBe('zh-CN');
    expect(readUiLanguage(file, 'fr-FR')).toBe('en');
    expect(savedUiLanguage(file)).toBeNull();
    writeUiLanguage(file, 'en');
    expect(readUiLanguage(file, 'zh-CN')).toBe('en');
    expect(savedUiLanguage(file)).toBe('en');
  });

  it('ignores a garbled or foreign file', () => {
    const file = join(tempDir(), 'ui-language.json');
    for (const content of ['{', '"zh-CN"', JSON.stringify({ language: 'de' }), JSON.stringify({ language: 42 })]) {
      writeFileSync(file, content);
      expect(readUiLanguage(file, 'zh-Hans-CN')).toBe('zh-CN');
      expect(savedUiLanguage(file)).toBeNull();
    }
  });
});
