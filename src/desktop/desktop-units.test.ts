import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from './doc-xml.js';
import { defaultLayoutXml, gadgetUrlProblem, labelText, parseLayout } from './layout-xml.js';
import { parseGadget, renderGadgetPage, substitute } from './gadget-xml.js';
import { createGadgetFiles, safeGadgetName } from './gadget-files.js';
import { createLayoutStore } from './layout-store.js';
import { webBundle } from './web-bundle.js';
import { silentLogger } from '../shared/logger.js';
import type { Result } from '../shared/result.js';

/** The failure side of a Result (empty when it succeeded). */
const E = <T, X extends string>(r: Result<T, X>): { error?: X; text?: string } => (r.ok ? {} : r);

describe('doc-xml: administrator documents', () => {
  test('comments, CDATA and a declaration are fine; DOCTYPE, oversize, depth and junk are refused', () => {
    const ok = parseDocument('<?xml version="1.0"?><!-- c --><a x="1"><![CDATA[<b>]]></a>');
    assert.equal(ok.ok && ok.value.children[0], '<b>');
    assert.equal(parseDocument('<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>').ok, false);
    assert.equal(E(parseDocument('<a>'.repeat(40) + '</a>'.repeat(40))).error, 'too-deep');
    assert.equal(E(parseDocument('x'.repeat(600_000))).error, 'too-large');
    assert.equal(E(parseDocument('<a><b></a>')).error, 'not-well-formed');
    assert.equal(E(parseDocument('')).error, 'empty');
    assert.equal(E(parseDocument(`<a>${'<b/>'.repeat(6000)}</a>`)).error, 'too-many-elements');
  });
});

describe('layout XML', () => {
  test('the defaults validate for both roles', () => {
    for (const role of ['agent', 'supervisor'] as const) {
      const r = parseLayout(defaultLayoutXml(role), role);
      assert.ok(r.ok, r.ok ? '' : r.text);
      assert.equal(r.value.tabs[0]!.label, 'Home');
    }
  });

  test('tabs, labels and gadget ids', () => {
    const r = parseLayout(`<finesseLayout><layout><role>Agent</role><tabs><tab><id>x</id><label>My tab</label><gadgets>
      <gadget id="g1">/3rdpartygadget/files/A/a.xml</gadget><gadget>/desktop/builtin/calls</gadget></gadgets></tab></tabs></layout>
      <layout><role>Supervisor</role><tabs><tab><id>y</id><gadgets/></tab></tabs></layout></finesseLayout>`, 'agent');
    assert.ok(r.ok);
    assert.deepEqual(r.value.tabs, [{ id: 'x', label: 'My tab', gadgets: [{ url: '/3rdpartygadget/files/A/a.xml', id: 'g1' }, { url: '/desktop/builtin/calls', id: 'calls' }] }]);
    assert.equal(labelText('finesse.container.tabs.agent.manageCallLabel'), 'Manage Call');
  });

  test('bad layouts are refused with a sentence that says why', () => {
    const bad: [string, RegExp][] = [
      ['<notLayout/>', /root element must be <finesseLayout>/],
      ['<finesseLayout><layout><role>Agent</role><tabs/></layout></finesseLayout>', /no <tabs><tab>/],
      ['<finesseLayout><layout><role>Agent</role><tabs><tab><id>a b</id></tab></tabs></layout></finesseLayout>', /Tab id/],
      ['<finesseLayout><layout><role>Agent</role><tabs><tab><id>a</id></tab><tab><id>a</id></tab></tabs></layout></finesseLayout>', /Two tabs/],
      ['<finesseLayout><layout><role>Agent</role><tabs><tab><id>a</id><gadgets><gadget>https://evil.example/g.xml</gadget></gadgets></tab></tabs></layout></finesseLayout>', /points elsewhere/],
      ['<finesseLayout><layout><role>Agent</role><tabs><tab><id>a</id><gadgets><gadget>/3rdpartygadget/files/../x.xml</gadget></gadgets></tab></tabs></layout></finesseLayout>', /not allowed/],
      ['<finesseLayout><layout><role>Agent</role><tabs><tab><id>a</id><gadgets><gadget>/desktop/builtin/nope</gadget></gadgets></tab></tabs></layout></finesseLayout>', /unknown built-in/],
      ['<finesseLayout><layout><role>Agent</role><tabs><tab><id>a</id></tab></tabs></layout><layout><role>Agent</role><tabs><tab><id>b</id></tab></tabs></layout></finesseLayout>', /exactly one <layout>/],
      ['<finesseLayout><layout><tabs>', /not usable XML/],
    ];
    for (const [xml, why] of bad) {
      const r = parseLayout(xml, 'agent');
      assert.equal(r.ok, false, xml);
      assert.match(r.text ?? '', why, xml);
    }
    assert.equal(gadgetUrlProblem('//evil/x'), 'gadget "//evil/x" points elsewhere; use a path on this server (/3rdpartygadget/files/… or /desktop/builtin/…)');
    const many = `<finesseLayout><layout><tabs>${Array.from({ length: 21 }, (_, i) => `<tab><id>t${i}</id></tab>`).join('')}</tabs></layout></finesseLayout>`;
    assert.match(E(parseLayout(many, 'agent')).text ?? '', /limit is 20/);
  });

  test('the store saves atomically, falls back to the default when the file went bad, resets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-layout-'));
    try {
      const store = createLayoutStore(dir, silentLogger);
      assert.equal(store.get('agent').custom, false);
      const xml = defaultLayoutXml('agent').replace('finesse.container.tabs.agent.homeLabel', 'Start');
      assert.ok(store.put('agent', xml).ok);
      assert.equal(store.get('agent').layout.tabs[0]!.label, 'Start');
      assert.equal(store.put('agent', '<oops').ok, false);
      assert.equal(store.get('agent').layout.tabs[0]!.label, 'Start');
      writeFileSync(join(dir, 'desktop', 'layout', 'agent.xml'), '<broken');
      const fallback = store.get('agent');
      assert.equal(fallback.custom, false);
      assert.match(fallback.problem ?? '', /not usable XML/);
      store.reset('agent');
      assert.equal(store.get('agent').custom, false);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});

describe('gadget XML and gadget files', () => {
  test('ModulePrefs, UserPrefs and html Content render into a page with finesse.js and escaped prefs', () => {
    const g = parseGadget(`<?xml version="1.0"?><Module><ModulePrefs title="T &amp; co" height="300"><Require feature="pubsub-2"/></ModulePrefs>
      <UserPref name="who" default_value="&lt;b&gt;x"/><Content type="html"><![CDATA[<p id="m">__MODULE_ID__ __UP_who__ __MSG_hi__</p>]]></Content></Module>`);
    assert.ok(g.ok);
    assert.equal(g.value.title, 'T & co');
    assert.equal(g.value.height, 300);
    assert.deepEqual(g.value.requires, ['pubsub-2']);
    const html = renderGadgetPage({ spec: g.value as never, baseHref: '/3rdpartygadget/files/T/', moduleId: '7' });
    assert.match(html, /<p id="m">7 &lt;b&gt;x hi<\/p>/);
    assert.match(html, /<script src="\/desktop\/assets\/js\/finesse.js"><\/script>/);
    assert.match(html, /<base href="\/3rdpartygadget\/files\/T\/">/);
    assert.equal(substitute('__UP_missing__', {}, '1'), '');
  });

  test('url Content, and malformed or foreign gadget XML is refused with a reason', () => {
    const u = parseGadget('<Module><Content type="url" href="/3rdpartygadget/files/x.html"/></Module>');
    assert.ok(u.ok && u.value.content.type === 'url');
    assert.match(E(parseGadget('<Module><ModulePrefs/>')).text ?? '', /not well-formed/);
    assert.match(E(parseGadget('<html/>')).text ?? '', /not <Module>/);
    assert.match(E(parseGadget('<Module/>')).text ?? '', /no <Content>/);
    assert.match(E(parseGadget('<Module><Content type="x-flash"/></Module>')).text ?? '', /not supported/);
  });

  test('safe names: folders, known extensions, no dot files, no traversal, no odd characters', () => {
    assert.equal(safeGadgetName('My/Gadget.xml').ok, true);
    for (const bad of ['../x.xml', 'a/../../x.xml', '.hidden.xml', 'x.exe', 'a b.xml', 'a%2F..%2Fb.xml', 'x', 'a/b/c/d/e/f.xml', 'ä.xml', '', 'x'.repeat(301) + '.xml', '%E0%A4%A.xml']) {
      assert.equal(safeGadgetName(bad).ok, false, bad);
    }
  });

  test('uploads: size and quota limits, uploads shadow shipped files, shipped files cannot be deleted', () => {
    const data = mkdtempSync(join(tmpdir(), 'parley-gadgets-'));
    const shipped = join(data, 'shipped');
    mkdirSync(shipped);
    writeFileSync(join(shipped, 'S.xml'), 'shipped');
    try {
      const files = createGadgetFiles(data, { maxFileBytes: 100, maxTotalBytes: 150, maxFiles: 3 }, shipped);
      assert.equal(files.read('S.xml')?.toString(), 'shipped');
      assert.equal(files.write('S.xml', Buffer.from('mine')).ok, true);
      assert.equal(files.read('S.xml')?.toString(), 'mine');
      assert.equal(E(files.write('big.js', Buffer.alloc(101))).error, 'too-large');
      assert.equal(files.write('a.js', Buffer.alloc(100)).ok, true);
      assert.equal(E(files.write('b.js', Buffer.alloc(60))).error, 'quota');
      assert.equal(E(files.write('../x.js', Buffer.alloc(1))).error, 'bad-name');
      assert.deepEqual(files.list().map((f) => [f.name, f.shipped]), [['a.js', false], ['S.xml', false]]);
      assert.equal(files.remove('S.xml').ok, true);
      assert.equal(E(files.remove('S.xml')).error, 'not-found');
      assert.equal(files.read('S.xml')?.toString(), 'shipped');
      assert.equal(files.read('../../etc/passwd'), undefined);
    } finally { rmSync(data, { recursive: true, force: true }); }
  });
});

describe('bundling', () => {
  test('a bundling failure is a clear error naming the file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'parley-web-'));
    try {
      for (const d of ['desktop', 'finesse', 'cfadmin']) mkdirSync(join(root, d));
      writeFileSync(join(root, 'desktop', 'main.ts'), 'const x: = ;');
      writeFileSync(join(root, 'finesse', 'finesse.ts'), 'export {};');
      writeFileSync(join(root, 'cfadmin', 'main.ts'), 'export {};');
      const b = await webBundle(root);
      assert.equal(b.ok, false);
      assert.match(!b.ok ? b.error : '', /main\.ts:1:\d+: /);
    } finally { rmSync(root, { recursive: true, force: true }); }
  });

  test('the real web/ bundles', async () => {
    const b = await webBundle();
    assert.ok(b.ok, b.ok ? '' : b.error);
    assert.ok(b.files.desktop.text.length > 10_000);
    assert.match(b.files.finesse.etag, /^"[\w-]{22}"$/);
  });
});
