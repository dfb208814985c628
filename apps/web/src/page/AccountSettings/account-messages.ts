/**
 * The words only Settings → Account shows, in English and Spanish. Kept apart from
 * `i18n/messages.ts` so they load with the Settings tab, not with the first screen.
 */
import { useViewText } from '../i18n/i18n.tsx';
import type { Language } from '../i18n/messages.ts';

export const accountMessages = {
  en: {
    account: 'Account',
    accountNeedsNetwork: 'Managing the account needs a connection.',
    changePassword: 'Change password',
    currentPassword: 'Current password',
    newPassword: 'New password (at least 8 characters)',
    passwordChanged: 'Password changed. Your other devices are signed out.',
    wrongPassword: 'That password is not right.',
    signOutEverywhere: 'Sign out everywhere',
    signOutEverywhereExplained: 'Ends every session of this account, on every device — this one too.',
    deleteAccount: 'Delete account',
    deleteAccountWarning:
      'This erases your account and what the server keeps about it, and your history on this device. It cannot be undone. Enter your password to confirm.',
    deleteAccountConfirm: 'Delete my account for good',
  },
  es: {
    account: 'Cuenta',
    accountNeedsNetwork: 'Para gestionar la cuenta hace falta conexión.',
    changePassword: 'Cambiar contraseña',
    currentPassword: 'Contraseña actual',
    newPassword: 'Contraseña nueva (al menos 8 caracteres)',
    passwordChanged: 'Contraseña cambiada. Tus otros dispositivos han cerrado sesión.',
    wrongPassword: 'Esa contraseña no es correcta.',
    signOutEverywhere: 'Cerrar sesión en todas partes',
    signOutEverywhereExplained:
      'Termina todas las sesiones de esta cuenta, en todos los dispositivos, también en este.',
    deleteAccount: 'Eliminar la cuenta',
    deleteAccountWarning:
      'Esto borra tu cuenta y lo que el servidor guarda de ella, y tu historial en este dispositivo. No se puede deshacer. Escribe tu contraseña para confirmar.',
    deleteAccountConfirm: 'Eliminar mi cuenta para siempre',
  },
} as const satisfies Record<Language, Record<string, string>>;

export type AccountMessageKey = keyof (typeof accountMessages)['en'];

// Both languages must have every key: a compile error otherwise.
accountMessages.es satisfies Record<AccountMessageKey, string>;

/** The account section's words in the chosen language. */
export const useAccountText = () => useViewText(accountMessages);
