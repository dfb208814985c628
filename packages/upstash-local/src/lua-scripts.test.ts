import { describe, expect, it } from 'vitest';
import { LuaScriptRewriter, stripUnknownFlags } from './lua-scripts.ts';

describe('stripUnknownFlags', () => {
  it('drops flags Redis OSS rejects and keeps the ones it knows', () => {
    expect(stripUnknownFlags('#!lua flags=allow-key-locking\nreturn 1')).toBe('#!lua\nreturn 1');
    expect(stripUnknownFlags('#!lua flags=no-writes,allow-key-locking\nreturn 1')).toBe(
      '#!lua flags=no-writes\nreturn 1',
    );
  });

  it('leaves scripts without a shebang alone', () => {
    expect(stripUnknownFlags('return 1')).toBe('return 1');
  });
});

describe('LuaScriptRewriter', () => {
  it('maps the client SHA of a rewritten script to the SHA Redis knows', () => {
    const rewriter = new LuaScriptRewriter();
    const original = '#!lua flags=allow-key-locking\nreturn 1';
    const clientSha = rewriter.clientSha(original);
    expect(rewriter.redisSha(clientSha)).toBe(clientSha); // unknown until seen
    rewriter.rewrite(original);
    expect(rewriter.redisSha(clientSha)).toBe(rewriter.clientSha('#!lua\nreturn 1'));
  });

  it('forgets the oldest mapping past its capacity', () => {
    const rewriter = new LuaScriptRewriter(1);
    const first = '#!lua flags=allow-key-locking\nreturn 1';
    rewriter.rewrite(first);
    rewriter.rewrite('#!lua flags=allow-key-locking\nreturn 2');
    expect(rewriter.redisSha(rewriter.clientSha(first))).toBe(rewriter.clientSha(first));
  });
});
