/**
 * The sign-out dialog's words, in English and Spanish: they load with the dialog, not with the
 * first screen.
 */
import { useViewText } from '../i18n/i18n.tsx';
import type { Language } from '../i18n/messages.ts';

export const signOutMessages = {
  en: {
    signOutTitle: 'Sign out of this device',
    signOutExplained:
      'Your history, saved answers, handwriting samples and personal model can stay on this device for your next sign-in; nobody else who signs in here sees or uses them. The downloaded model stays either way.',
    signOutKeepData: 'Keep my data and sign out',
    signOutRemoveData: 'Remove my data and sign out',
  },
  es: {
    signOutTitle: 'Cerrar sesión en este dispositivo',
    signOutExplained:
      'Tu historial, tus respuestas guardadas, tus muestras de letra y tu modelo personal pueden quedarse en este dispositivo para la próxima vez que entres; nadie más que inicie sesión aquí los ve ni los usa. El modelo descargado se queda en cualquier caso.',
    signOutKeepData: 'Conservar mis datos y cerrar sesión',
    signOutRemoveData: 'Borrar mis datos y cerrar sesión',
  },
} as const satisfies Record<Language, Record<string, string>>;

export type SignOutMessageKey = keyof (typeof signOutMessages)['en'];

// Both languages must have every key: a compile error otherwise.
signOutMessages.es satisfies Record<SignOutMessageKey, string>;

/** The sign-out dialog's words in the chosen language. */
export const useSignOutText = () => useViewText(signOutMessages);
