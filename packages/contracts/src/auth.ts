import { z } from 'zod';

/** 3–32 of `[a-z0-9._-]`; unique case-insensitively, so capitals are accepted and folded. */
export const usernameSchema = z
  .string()
  .trim()
  .min(3, 'at least 3 characters')
  .max(32, 'at most 32 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'only letters, digits, dot, underscore and hyphen');

/** 8–256 characters; the most common passwords are refused by the edge. */
export const passwordSchema = z.string().min(8, 'at least 8 characters').max(256, 'at most 256 characters');

export const credentialsSchema = z.object({ username: usernameSchema, password: passwordSchema });
export type Credentials = z.infer<typeof credentialsSchema>;

/** Login accepts any password length up to the cap: old accounts are not locked out by rule changes. */
export const loginBodySchema = z.object({
  username: usernameSchema,
  password: z.string().min(1, 'required').max(256, 'at most 256 characters'),
});

export const publicUserSchema = z.object({ id: z.string(), username: z.string() });
export type PublicUser = z.infer<typeof publicUserSchema>;

/** Answer of register, login and refresh; the refresh token travels only as an HttpOnly cookie. */
export const sessionSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
  user: publicUserSchema,
});
export type Session = z.infer<typeof sessionSchema>;

/** `GET /api/me`. */
export const meSchema = publicUserSchema.extend({
  /** When the access token expires, seconds since the epoch. */
  tokenExpiresAt: z.number().int(),
});
export type Me = z.infer<typeof meSchema>;
