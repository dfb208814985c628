/**
 * Whether this user contributes to the shared cache from this device. A contribution sends the
 * 28x28 grey model input of a digit (784 bytes, never the picture) and the digit read here; the
 * edge runs its own model on it and shares only its own answer. On by default; Settings switches
 * it off. The choice is a person's, so it is kept per user: someone who switched it off is not
 * overruled by the next person on the same browser, nor do they decide for that person.
 */
const storageKey = (userId: string) => `cifra:contribute:${userId}`;
/**
 * Before choices were per user, one device-wide key held them. An old "off" still holds for
 * anyone who has not chosen since (the safe direction: it only ever withholds); "on" is the
 * default anyway.
 */
const legacyKey = 'cifra:contribute';

export function contributesToSharedCache(userId: string): boolean {
  const own = localStorage.getItem(storageKey(userId));
  return (own ?? localStorage.getItem(legacyKey)) !== 'off';
}

export function setContributesToSharedCache(userId: string, on: boolean): void {
  localStorage.setItem(storageKey(userId), on ? 'on' : 'off');
}

/** Forgets this user's choice on this device. */
export function forgetContributionSetting(userId: string): void {
  localStorage.removeItem(storageKey(userId));
}
