import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { messages, type Language, type MessageKey } from './messages.ts';

const storageKey = 'cifra:language';

/** The browser's language when it is one we have, else English; a saved choice wins. */
function initialLanguage(): Language {
  const saved = localStorage.getItem(storageKey);
  if (saved === 'en' || saved === 'es') return saved;
  return navigator.languages.some((language) => language.toLowerCase().startsWith('es')) &&
    !navigator.languages[0]?.toLowerCase().startsWith('en')
    ? 'es'
    : 'en';
}

/** A message with its `{name}` placeholders filled in. */
export function fill(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(() => {
    return {
      language,
      setLanguage(next) {
        localStorage.setItem(storageKey, next);
        setLanguageState(next);
      },
      t: (key, values) => fill(messages[language][key], values),
    };
  }, [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n needs <I18nProvider>');
  return context;
}

/**
 * The words of a view that loads later and keeps its own table (so they load with it, not with
 * the first screen), in the chosen language, placeholders filled in.
 */
export function useViewText<Key extends string>(
  table: Record<Language, Record<Key, string>>,
): (key: Key, values?: Record<string, string | number>) => string {
  const { language } = useI18n();
  return (key, values) => fill(table[language][key], values);
}
