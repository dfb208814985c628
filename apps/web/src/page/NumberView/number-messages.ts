/**
 * The words only Number mode (and the numbers in the history) show, in English and Spanish.
 * Kept apart from `i18n/messages.ts` so they load with Number mode, not with the first screen.
 */
import { useViewText } from '../i18n/i18n.tsx';
import type { Language } from '../i18n/messages.ts';

export const numberMessages = {
  en: {
    numberHint: 'Write a number: its digits side by side, in one row.',
    photoHint: 'A photo or picture of one number, its digits in one row.',
    read: 'Read',
    numberRead: 'Number read',
    announceRead: 'Read {number}.',
    announceToCheck: 'Digits to check: {count}.',
    pictureRead: 'The picture read, with a box around each digit',
    digitsHint: 'Tap a digit to fix it.',
    digitLabel: 'Digit {position} of {count}: {digit}',
    sure: '{percent} % sure',
    check: 'check',
    checkLong: 'low confidence, check it',
    fixed: 'fixed',
    fixedLong: 'fixed by you',
    changeDigit: 'Change digit {position} to',
    digitCountChanges: 'Digit {position}: two digits read as one, or no digit at all',
    splitDigit: 'Two digits',
    removeDigit: 'Remove',
    copy: 'Copy',
    copied: 'Copied',
    copyFailed: 'Could not copy. Select the number and copy it.',
    digitCount: '{count} digits',
    oneDigitCount: '1 digit',
    fixedCount: '{count} fixed',
    oneFixedCount: '1 fixed',
  },
  es: {
    numberHint: 'Escribe un número: sus dígitos uno al lado del otro, en una fila.',
    photoHint: 'Una foto o imagen de un número, con sus dígitos en una fila.',
    read: 'Leer',
    numberRead: 'Número leído',
    announceRead: 'Leído: {number}.',
    announceToCheck: 'Dígitos por revisar: {count}.',
    pictureRead: 'La imagen leída, con un recuadro alrededor de cada dígito',
    digitsHint: 'Toca un dígito para corregirlo.',
    digitLabel: 'Dígito {position} de {count}: {digit}',
    sure: '{percent} % de confianza',
    check: 'revisar',
    checkLong: 'poca confianza, revísalo',
    fixed: 'corregido',
    fixedLong: 'corregido por ti',
    changeDigit: 'Cambiar el dígito {position} por',
    digitCountChanges: 'Dígito {position}: dos dígitos leídos como uno, o ningún dígito',
    splitDigit: 'Dos dígitos',
    removeDigit: 'Quitar',
    copy: 'Copiar',
    copied: 'Copiado',
    copyFailed: 'No se pudo copiar. Selecciona el número y cópialo.',
    digitCount: '{count} dígitos',
    oneDigitCount: '1 dígito',
    fixedCount: '{count} corregidos',
    oneFixedCount: '1 corregido',
  },
} as const satisfies Record<Language, Record<string, string>>;

export type NumberMessageKey = keyof (typeof numberMessages)['en'];

// Both languages must have every key: a compile error otherwise.
numberMessages.es satisfies Record<NumberMessageKey, string>;

/** Number mode's words in the chosen language, placeholders filled in. */
export const useNumberText = () => useViewText(numberMessages);
