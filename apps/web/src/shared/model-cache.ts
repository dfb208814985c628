/**
 * Where the model's files live on the device: Cache Storage `cifra-model`, each file under its
 * unsigned path, so an offline start needs no network and no valid token. Written by the
 * inference worker; the page only looks (to skip prefetching what is already here).
 */
export const modelCacheName = 'cifra-model';

export const modelFileUrl = (origin: string, version: string, path: string) =>
  new URL(`/model/${version}/${path}`, origin).href;
