import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { Library } from '../../electron/backend/library';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();

it('creates, lists and reads a case', () => {
  const library = new Library(join(tempDir(), 'lib.sqlite'));
  const call = createDispatch(createHandlers({ library, version: 't', shell: 'browser' }));
  const created = call('cases:create', { templateId: 'emergency', language: 'zh-CN' });
  expect(created.ok).toBe(true);
  const list = call('cases:list', {});
  expect(list).toMatchObject({ ok: true, value: { total: 1 } });
  library.close();
});
