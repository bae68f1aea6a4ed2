// The desktop's state and behaviour, independent of rendering: sign-in (with errors in plain words),
// the user's state, dialogs, wrap-up, the supervisor's teams and queue statistics, kept current by
// notification events and re-read after a connection recovers.
import type { FinesseSession, ConnectionState } from '../lib/session.js';
import { describeRestError, type RestError, type RestResult } from '../lib/rest-client.js';
import {
  parseDialog, parseDialogs, parseUser,
  type ApiError, type Dialog, type Queue, type ReasonCode, type Team, type User, type WrapUpReason,
} from '../lib/finesse-objects.js';
import type { Update } from '../lib/update.js';
import { translate, type Locale, type MessageKey } from './i18n.js';
import { checkCredentials, errorText, extensionError, signInError } from './signin-errors.js';
import { applyQueueUpdate, loadQueues, loadTeams } from './supervision.js';

export type Topic = 'phase' | 'user' | 'dialogs' | 'team' | 'queues' | 'conn' | 'notice' | 'locale' | 'reasons';
/** `render` re-words the notice after a language change. */
export interface Notice { kind: 'error' | 'info'; text: string; render?: (() => string) | undefined }

const LOGIN_WAIT_MS = 12_000;

export class DesktopModel {
  locale: Locale;
  phase: 'signin' | 'busy' | 'desktop' = 'signin';
  session: FinesseSession | undefined;
  user: User | undefined;
  extension = '';
  notReadyReasons: ReasonCode[] = [];
  logoutReasons: ReasonCode[] = [];
  wrapUpReasons: WrapUpReason[] = [];
  dialogs = new Map<string, Dialog>();
  lastDialogId = '';
  teams = new Map<string, Team>();
  selectedTeam = '';
  queues = new Map<string, Queue>();
  conn: ConnectionState = 'idle';
  notice: Notice | undefined;
  readonly #listeners = new Set<(t: Topic) => void>();
  #recentErrors: { requestId: string; errors: ApiError[] }[] = [];
  #untrack: (() => void)[] = [];

  constructor(locale: Locale, readonly makeSession: (id: string, password: string, locale: Locale) => FinesseSession) {
    this.locale = locale;
  }

  t(key: MessageKey, vars?: Record<string, string | number>): string { return translate(this.locale, key, vars); }

  on(fn: (t: Topic) => void): () => void { this.#listeners.add(fn); return () => this.#listeners.delete(fn); }
  emit(t: Topic): void { for (const fn of this.#listeners) { try { fn(t); } catch (e) { console.error(e); } } }

  setLocale(l: Locale): void {
    this.locale = l;
    if (this.notice?.render) this.notice.text = this.notice.render();
    this.emit('locale');
  }

  say(kind: Notice['kind'], text: string | (() => string)): void {
    const render = typeof text === 'function' ? text : undefined;
    this.notice = { kind, text: render ? render() : text as string, render };
    this.session?.log.log(`${kind}: ${this.notice.text}`);
    this.emit('notice');
  }
  clearNotice(): void { this.notice = undefined; this.emit('notice'); }

  get isSupervisor(): boolean { return !!this.user?.roles.some((r) => r.toLowerCase() === 'supervisor'); }
  get connected(): boolean { return this.conn === 'connected'; }

  /** Plain words for a failed REST call during sign-in. */
  signInError(e: RestError, ext: string): string { return signInError((k, v) => this.t(k, v), e, ext); }
  extensionError(errors: ApiError[], ext: string): string { return extensionError((k, v) => this.t(k, v), errors, ext); }

  async signIn(id: string, password: string, ext: string): Promise<void> {
    id = id.trim(); ext = ext.trim();
    if (!id || !password || !ext) { this.say('error', () => this.t('signin.missing')); return; }
    this.phase = 'busy';
    this.notice = undefined;
    this.emit('phase');
    const fail = (text: string): void => {
      this.session?.stop();
      this.session = undefined;
      this.phase = 'signin';
      this.emit('phase');
      this.say('error', text);
    };
    const s = this.makeSession(id, password, this.locale);
    this.session = s;
    const who = await checkCredentials(s);
    if (who !== 'ok') return fail(who === 'locked' ? this.t('signin.locked') : who === 'unreachable' ? this.t('signin.unreachable') : this.t('signin.wrongCredentials'));
    const u = await s.rest.user();
    if (!u.ok) return fail(this.signInError(u.error, ext));
    this.user = u.value;
    this.#wire(s, u.value.id);
    const started = await s.start();
    if (!started.ok) {
      if (started.reason === 'unauthorized') return fail(this.t('signin.wrongCredentials'));
      if (started.reason === 'conflict') return fail(this.t('signin.conflict'));
      if (started.reason === 'rest' && started.rest && !started.rest.ok) return fail(this.signInError(started.rest.error, ext));
      return fail(this.t('signin.notification', { detail: started.detail }));
    }
    if (u.value.state === 'LOGOUT' || u.value.extension !== ext) {
      const r = await s.rest.signIn(ext);
      if (!r.ok) return fail(this.signInError(r.error, ext));
      const outcome = await this.#waitForLogin(r.requestId);
      if (outcome !== 'ok') return fail(outcome === 'timeout' ? this.t('signin.timeout') : this.extensionError(outcome, ext));
    }
    this.extension = ext;
    this.phase = 'desktop';
    this.conn = s.state;
    s.log.log(`signed in as ${id} on extension ${ext}`);
    this.emit('phase');
    await Promise.all([this.reloadUser(), this.reloadDialogs(), this.#loadReasons()]);
    const keep = (off: () => void): void => { this.#untrack.push(off); };
    if (this.isSupervisor) await loadTeams(this, keep);
    await loadQueues(this, keep);
  }

  #waitForLogin(requestId: string): Promise<'ok' | 'timeout' | ApiError[]> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (v: 'ok' | 'timeout' | ApiError[]): void => { if (!done) { done = true; clearInterval(poll); clearTimeout(timer); off(); resolve(v); } };
      const check = (): void => {
        const err = this.#recentErrors.find((e) => e.requestId === requestId);
        if (err) finish(err.errors);
        else if (this.user && this.user.state !== 'LOGOUT') finish('ok');
      };
      const off = this.on((t) => { if (t === 'user') check(); });
      const poll = setInterval(check, 250);
      const timer = setTimeout(async () => {
        const r = await this.session?.rest.user();
        if (r?.ok) this.user = r.value;
        finish(r?.ok && r.value.state !== 'LOGOUT' ? 'ok' : 'timeout');
      }, LOGIN_WAIT_MS);
      check();
    });
  }

  #wire(s: FinesseSession, id: string): void {
    for (const u of this.#untrack) u();
    this.#untrack = [
      s.onState((st) => { this.conn = st; this.emit('conn'); }),
      s.onNode(`/finesse/api/User/${id}`, (up) => this.#onUserUpdate(up)),
      s.onNode(`/finesse/api/User/${id}/Dialogs`, (up) => this.#onDialogsUpdate(up)),
      s.onAnyUpdate((_node, up) => { if (up.dataType === 'queue') applyQueueUpdate(this, up); }),
      s.track({ refresh: () => this.reloadUser() }),
      s.track({ refresh: () => this.reloadDialogs() }),
    ];
  }

  #rememberErrors(up: Update): void {
    this.#recentErrors.push({ requestId: up.requestId, errors: up.errors });
    if (this.#recentErrors.length > 20) this.#recentErrors.shift();
  }

  #onUserUpdate(up: Update): void {
    if (up.errors.length) {
      this.#rememberErrors(up);
      if (this.phase === 'desktop') this.say('error', () => this.t('action.failed', { detail: errorText(up.errors) }));
      this.emit('user');
      return;
    }
    if (up.dataType !== 'user' || !up.data) return;
    this.#setUser(parseUser(up.data));
  }

  #setUser(u: User): void {
    const wasIn = this.phase === 'desktop' && this.user?.state !== 'LOGOUT';
    this.user = u;
    this.emit('user');
    if (wasIn && u.state === 'LOGOUT') {
      const reason = u.reasonCode?.label;
      this.#endSession(() => (reason ? this.t('signin.signedOutBy', { reason }) : this.t('signin.signedOut')));
    }
  }

  #onDialogsUpdate(up: Update): void {
    if (up.errors.length) {
      this.#rememberErrors(up);
      this.say('error', () => this.t('action.failed', { detail: errorText(up.errors) }));
      return;
    }
    if (!up.data) return;
    const put = (d: Dialog, del: boolean): void => {
      // A call the agent has left (transferred away, dropped out of a conference) is no longer theirs.
      if (del || this.#isOver(d)) this.dialogs.delete(d.id); else this.dialogs.set(d.id, d);
      this.lastDialogId = d.id;
    };
    if (up.dataType === 'dialogs') for (const d of parseDialogs(up.data)) put(d, up.event === 'DELETE');
    else if (up.dataType === 'dialog') put(parseDialog(up.data), up.event === 'DELETE');
    this.emit('dialogs');
  }

  async reloadUser(): Promise<void> {
    const r = await this.session?.rest.user();
    if (r?.ok) this.#setUser(r.value);
  }

  async reloadDialogs(): Promise<void> {
    const r = await this.session?.rest.dialogs();
    if (!r?.ok) return;
    this.dialogs = new Map(r.value.filter((d) => !this.#isOver(d)).map((d) => [d.id, d]));
    if (r.value.length) this.lastDialogId = r.value[r.value.length - 1]!.id;
    this.emit('dialogs');
  }

  async #loadReasons(): Promise<void> {
    const s = this.session;
    if (!s) return;
    const [nr, lo, wu] = await Promise.all([s.rest.reasonCodes('NOT_READY'), s.rest.reasonCodes('LOGOUT'), s.rest.wrapUpReasons()]);
    if (nr.ok) this.notReadyReasons = nr.value;
    if (lo.ok) this.logoutReasons = lo.value.filter((r) => r.code !== '255');
    if (wu.ok) this.wrapUpReasons = wu.value;
    this.emit('reasons');
  }

  /** Runs a REST action; a failure becomes a notice in plain words. */
  async act(p: Promise<RestResult<void>> | undefined): Promise<boolean> {
    const r = await p;
    if (!r) return false;
    if (!r.ok) {
      const e = r.error;
      const detail = e.kind === 'http' && e.status === 503 ? this.t('signin.unavailable') : describeRestError(e);
      this.say('error', () => this.t('action.failed', { detail }));
      return false;
    }
    return true;
  }

  setState(state: 'READY' | 'NOT_READY' | 'LOGOUT', reasonCodeId?: string): Promise<boolean> {
    return this.act(this.session?.rest.setState(state, reasonCodeId));
  }

  async signOut(reasonCodeId?: string): Promise<void> {
    const ok = await this.setState('LOGOUT', reasonCodeId);
    if (ok) this.#endSession(() => this.t('signin.signedOut'));
  }

  #endSession(message: string | (() => string)): void {
    const s = this.session;
    for (const u of this.#untrack) u();
    this.#untrack = [];
    s?.stop();
    this.session = undefined;
    this.dialogs.clear();
    this.teams.clear();
    this.queues.clear();
    this.phase = 'signin';
    this.emit('phase');
    this.say('info', message);
  }

  #isOver(d: Dialog): boolean {
    const me = this.myParticipant(d);
    // The dialog itself may be DROPPED while the agent's leg is still in WRAP_UP: only the leg counts.
    return !me || me.state === 'DROPPED';
  }

  /** The agent's own participant in a dialog (by extension). */
  myParticipant(d: Dialog) {
    const ext = this.user?.extension || this.extension;
    if (ext) return d.participants.find((p) => p.mediaAddress === ext);
    return d.participants.find((p) => p.mediaAddressType === 'AGENT_DEVICE');
  }

  dialogAction(d: Dialog, action: string, extra: { toAddress?: string; wrapUpReason?: string } = {}): Promise<boolean> {
    const target = this.myParticipant(d)?.mediaAddress ?? this.extension;
    return this.act(this.session?.rest.dialogAction(d.id, action, { targetMediaAddress: target, ...extra }));
  }

  makeCall(to: string): Promise<boolean> {
    return this.act(this.session?.rest.makeCall(to, this.user?.extension || this.extension));
  }

  /**
   * The dialog a wrap-up reason applies to: the call in wrap-up (the agent's leg is WRAP_UP), else the
   * live call whose leg allows UPDATE_CALL_DATA (Finesse lets the agent choose during the call too).
   */
  wrapUpDialog(): Dialog | undefined {
    const dialogs = [...this.dialogs.values()];
    const wrap = dialogs.find((d) => this.myParticipant(d)?.state === 'WRAP_UP');
    if (wrap) return wrap;
    if (this.user && (this.user.state === 'WORK' || this.user.state === 'WORK_READY')) {
      const last = this.dialogs.get(this.lastDialogId);
      if (last) return last;
    }
    return dialogs.find((d) => {
      const me = this.myParticipant(d);
      return !!me && (me.state === 'ACTIVE' || me.state === 'HELD') && me.actions.includes('UPDATE_CALL_DATA');
    });
  }

  async applyWrapUp(label: string): Promise<void> {
    const d = this.wrapUpDialog();
    if (!d?.id) return;
    const ok = await this.act(this.session?.rest.dialogAction(d.id, 'UPDATE_CALL_DATA', { wrapUpReason: label }));
    if (ok) this.say('info', () => this.t('calls.wrapupApplied', { reason: label }));
  }

  supervisorSetState(agentId: string, state: 'READY' | 'NOT_READY' | 'LOGOUT'): Promise<boolean> {
    return this.act(this.session?.rest.setState(state, undefined, agentId));
  }

  async sendErrorReport(): Promise<void> {
    const r = await this.session?.sendErrorReport();
    if (!r) return;
    if (r.ok) this.say('info', () => this.t('header.errorReportSent'));
    else this.say('error', () => this.t('header.errorReportFailed', { detail: describeRestError(r.error) }));
  }

  /** Server time now, corrected by the measured drift. */
  serverNow(): number { return Date.now() - (this.session?.driftMs ?? 0); }
}
