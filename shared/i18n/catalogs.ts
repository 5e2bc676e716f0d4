import { en, type Catalog } from './en';
import type { Language } from './languages';
import { zhCN } from './zh-CN';

export const CATALOGS: Record<Language, Catalog> = { 'zh-CN': zhCN, en };
export type { Catalog };
