import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { CATALOGS } from '../../../shared/i18n/catalogs';
import { LANGUAGES, languageFromLocale, type Language } from '../../../shared/i18n/languages';
import { bridge } from '../api/client';

const LANGUAGE_KEY = 'causeway.language';

export function initialLanguage(): Language {
  const saved = localStorage.getItem(LANGUAGE_KEY);
  if (saved && (LANGUAGES as readonly string[]).includes(saved)) return saved as Language;
  return languageFromLocale(navigator.language);
}

export async function setupI18n(): Promise<typeof i18next> {
  const lng = initialLanguage();
  await i18next.use(initReactI18next).init({
    lng,
    fallbackLng: 'en',
    resources: { en: { translation: CATALOGS.en }, 'zh-CN': { translation: CATALOGS['zh-CN'] } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  bridge.setUiLanguage?.(lng);
  return i18next;
}

export async function changeLanguage(language: Language): Promise<void> {
  localStorage.setItem(LANGUAGE_KEY, language);
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
  bridge.setUiLanguage?.(language);
}

export function currentLanguage(): Language {
  return (i18next.language as Language) ?? 'en';
}
