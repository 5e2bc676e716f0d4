import { describe, expect, it } from 'vitest';
import { CATALOGS } from '../../shared/i18n/catalogs';

/** One Chinese term per concept: an action of the plan is 措施 in step 3 and in step 4 alike (对策
 *  stays for the countermeasure ideas, the A3 section and the fishbone's 对策型); 改进措施 is the
 *  action kind only, the improvements of step 5 are 改进项. */

type Tree = { [key: string]: string | Tree };
function flatten(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : flatten(v, `${prefix}${k}.`)));
}
const zh = flatten(CATALOGS['zh-CN'] as unknown as Tree);

describe('zh-CN terms', () => {
  it('call a plan action 措施 in every step', () => {
    const countermeasure = zh.filter(([, v]) => v.includes('对策')).map(([k]) => k);
    expect(countermeasure.filter((k) => k.startsWith('execute.') || k.startsWith('coming.') || k.startsWith('improve.'))).toEqual([]);
    // What may still say 对策: the idea library (对策建议), the fishbone's 对策型, the report's A3 section.
    for (const [key, value] of zh.filter(([, v]) => v.includes('对策'))) {
      if (key.startsWith('report.')) continue;
      expect(value.replace(/对策建议|对策型|管理对策/g, ''), key).not.toContain('对策');
    }
  });

  it('keep 改进措施 for the action kind; step 5 has 改进项', () => {
    // (The report's 8D headings, written by the report, name the action kinds.)
    const uses = zh.filter(([k, v]) => v.includes('改进措施') && !k.startsWith('report.')).map(([k]) => k);
    expect(uses).toEqual(['enum.actionKind.improvement']);
    expect(zh.filter(([k]) => k.startsWith('improve.improvements.')).some(([, v]) => v.includes('改进项'))).toBe(true);
  });
});
