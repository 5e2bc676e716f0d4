import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../shared/contract/contract';
import { LANGUAGES, languageFromLocale, type Language } from '../../../shared/i18n/languages';
import { call } from '../api/client';
import { changeLanguage } from '../i18n/setup';
import { useSettings, type ThemeChoice } from '../state/settings';
import { Dialog } from './Dialog';
import { LibraryCopySection } from './LibraryCopySection';

const LANGUAGE_NAMES: Record<Language, string> = { 'zh-CN': '简体中文', en: 'English' };

export function SettingsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { theme, setTheme } = useSettings();
  const [info, setInfo] = useState<Output<'app:info'> | null>(null);
  // Chromium's own controls in the page (date and time pickers) speak the browser's language:
  // in the desktop app the one chosen here as of the next start, in a browser the browser's.
  const pickersDiffer = languageFromLocale(navigator.language) !== i18n.language;
  useEffect(() => {
    if (open) call('app:info', {}).then(setInfo, () => setInfo(null));
  }, [open]);

  return (
    <Dialog open={open} onClose={onClose} labelledBy="settings-title">
      <h2 id="settings-title">{t('settings.title')}</h2>
      <fieldset>
        <legend>{t('settings.language')}</legend>
        {LANGUAGES.map((l) => (
          <label key={l} className="radio" lang={l}>
            <input type="radio" name="language" value={l} checked={i18n.language === l} onChange={() => void changeLanguage(l)} />
            {LANGUAGE_NAMES[l]}
          </label>
        ))}
        {pickersDiffer && info && <p className="muted">{t(info.shell === 'electron' ? 'settings.languageRestart' : 'settings.languageBrowser')}</p>}
      </fieldset>
      <fieldset>
        <legend>{t('settings.theme')}</legend>
        {(['system', 'light', 'dark'] as ThemeChoice[]).map((choice) => (
          <label key={choice} className="radio">
            <input type="radio" name="theme" value={choice} checked={theme === choice} onChange={() => setTheme(choice)} />
            {t(`settings.theme${choice[0]!.toUpperCase()}${choice.slice(1)}` as 'settings.themeSystem')}
          </label>
        ))}
      </fieldset>
      <LibraryCopySection />
      {info && (
        <dl className="info">
          <dt>{t('settings.database')}</dt>
          <dd>
            <code>{info.dbPath}</code>
          </dd>
          <dt>{t('settings.schemaVersion')}</dt>
          <dd>{info.schemaVersion}</dd>
          <dt>{t('settings.version')}</dt>
          <dd>{info.version}</dd>
        </dl>
      )}
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={onClose}>
          {t('settings.close')}
        </button>
      </div>
    </Dialog>
  );
}
