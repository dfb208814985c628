import * as z from 'zod/mini';

// Schemas only the edge uses are built in PURE-marked calls: the page's bundle drops them (its
// first screen has a budget).

/** 3–32 of `[a-z0-9._-]`; unique case-insensitively, so capitals are accepted and folded. */
export const usernameSchema = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(3, 'at least 3 characters'),
      z.maxLength(32, 'at most 32 characters'),
      z.regex(/^[A-Za-z0-9._-]+$/, 'only letters, digits, dot, underscore and hyphen'),
    ))();

/** 8–256 characters; the most common passwords are refused by the edge. */
export const passwordSchema = /* @__PURE__ */ (() =>
  z.string().check(z.minLength(8, 'at least 8 characters'), z.maxLength(256, 'at most 256 characters')))();

export const credentialsSchema = /* @__PURE__ */ (() =>
  z.object({ username: usernameSchema, password: passwordSchema }))();
export type Credentials = z.infer<typeof credentialsSchema>;

/** Login accepts any password length up to the cap: old accounts are not locked out by rule changes. */
export const loginBodySchema = /* @__PURE__ */ (() =>
  z.object({
    username: usernameSchema,
    password: z.string().check(z.minLength(1, 'required'), z.maxLength(256, 'at most 256 characters')),
  }))();

const currentPasswordSchema = /* @__PURE__ */ (() =>
  z.string().check(z.minLength(1, 'required'), z.maxLength(256, 'at most 256 characters')))();

/** `POST /api/auth/password`: the current password proves it is you; the new one follows the sign-up rules. */
export const changePasswordBodySchema = /* @__PURE__ */ (() =>
  z.object({
    currentPassword: currentPasswordSchema,
    newPassword: passwordSchema,
  }))();
export type ChangePasswordBody = z.infer<typeof changePasswordBodySchema>;

/** `DELETE /api/me`: the password, asked again before anything is erased. */
export const deleteAccountBodySchema = /* @__PURE__ */ (() =>
  z.object({ password: currentPasswordSchema }))();
export type DeleteAccountBody = z.infer<typeof deleteAccountBodySchema>;

export const publicUserSchema = z.object({ id: z.string(), username: z.string() });
export type PublicUser = z.infer<typeof publicUserSchema>;

/** Answer of register, login and refresh; the refresh token travels only as an HttpOnly cookie. */
export const sessionSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  /** Seconds until the access token expires. */
  expiresIn: z.int().check(z.positive()),
  user: publicUserSchema,
});
export type Session = z.infer<typeof sessionSchema>;

/** `GET /api/me`. */
export const meSchema = /* @__PURE__ */ (() =>
  z.extend(publicUserSchema, {
    /** When the access token expires, seconds since the epoch. */
    tokenExpiresAt: z.int(),
  }))();
export type Me = z.infer<typeof meSchema>;
