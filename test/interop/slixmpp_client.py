#!/usr/bin/python3
# An XMPP client built on slixmpp (Debian's python3-slixmpp, a client nobody in Parley wrote), driven by
# test/interop/*.test.ts. It logs in, runs the actions named on the command line in order, and prints
# one JSON object per line on stdout for everything it observed. slixmpp's own DEBUG log (the whole
# XML exchange) goes to stderr, which the TypeScript side prints when a test fails.
#
# Must run under /usr/bin/python3: the Debian package installs slixmpp for the system interpreter only.
#
# Actions (after session_start, in order):
#   roster                  get the roster                          -> {"event":"roster","items":[...]}
#   presence                send initial presence                   -> {"event":"initial_presence_sent"}
#   wait-presence:JID       wait for an available presence from JID (bare, any resource)
#   disco-items:JID         disco#items on JID                      -> {"event":"disco_items",...}
#   subscribe:NODE          pubsub subscribe on the pubsub service  -> {"event":"subscribe",...}
#   ping                    XEP-0199 ping to the domain             -> {"event":"ping",...}
#   wait-messages:N         wait until N chat/normal messages with a body arrived
#   hold                    stay connected until the server ends the stream (or the deadline)
# Every incoming presence and message is printed as it arrives, whatever the actions.
#
# Connection: TCP to --host:--port (127.0.0.1 by default), while TLS verifies the certificate against
# --ca under the name --tls-name (the XMPP domain by default), with hostname checking on.
import argparse
import asyncio
import json
import logging
import ssl
import sys
import time

import slixmpp
from slixmpp.exceptions import IqError

T0 = time.monotonic()


def emit(event, **fields):
    fields = {'event': event, 't': round(time.monotonic() - T0, 3), **fields}
    sys.stdout.write(json.dumps(fields) + '\n')
    sys.stdout.flush()


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument('--jid', required=True, help='bare or full JID; a resource here is requested at bind')
    p.add_argument('--password', required=True)
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--host', default='127.0.0.1', help='address to connect to')
    p.add_argument('--ca', required=True, help='CA file the server certificate must chain to')
    p.add_argument('--tls-name', help='name checked against the certificate (default: the JID domain)')
    p.add_argument('--direct-tls', action='store_true', help='TLS from the first byte (xmpps port)')
    p.add_argument('--tls-max', choices=['1.2', '1.3'], help='highest TLS version the client offers')
    p.add_argument('--no-channel-binding', action='store_true',
                   help='offer no channel binding: only non -PLUS mechanisms, gs2 flag "n"')
    p.add_argument('--pubsub', default=None, help='pubsub service JID (default: pubsub.<domain>)')
    p.add_argument('--deadline', type=float, default=15.0, help='seconds before giving up')
    p.add_argument('actions', nargs='*')
    return p.parse_args()


class Client(slixmpp.ClientXMPP):
    # slixmpp reports <show/> as the type of an available presence.
    AVAILABLE = ('available', 'chat', 'away', 'xa', 'dnd')

    def __init__(self, args):
        super().__init__(args.jid, args.password)
        self.args = args
        self.domain = self.boundjid.domain
        self.pubsub = args.pubsub or f'pubsub.{self.domain}'
        self.messages = []
        self.presences = []
        self.presence_waiters = []
        self.message_waiters = []
        self.ended = asyncio.get_event_loop().create_future()
        self.exit_code = 0
        self.session_started = False

        # Verify the server certificate against the test CA; ssl_context keeps check_hostname=True and
        # CERT_REQUIRED (slixmpp's defaults), get_ssl_context() loads ca_certs into it.
        self.ca_certs = args.ca
        if args.tls_max == '1.2':
            self.ssl_context.maximum_version = ssl.TLSVersion.TLSv1_2

        for plugin in ('xep_0030', 'xep_0060', 'xep_0199', 'xep_0203'):
            self.register_plugin(plugin)
        if args.no_channel_binding:
            mechs = self['feature_mechanisms']
            default_credentials = mechs._default_credentials

            def credentials(required, optional):
                creds = default_credentials(required, optional)
                if 'channel_binding' in creds:
                    creds['channel_binding'] = None
                return creds
            mechs.sasl_callback = credentials
            mechs.use_mechs = {'SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'}

        self.add_event_handler('session_start', self.on_session_start)
        self.add_event_handler('auth_success', self.on_auth_success)
        self.add_event_handler('failed_auth', self.on_failed_auth)
        self.add_event_handler('failed_all_auth', lambda _: self.finish('failed_all_auth', 1))
        self.add_event_handler('stream_error', self.on_stream_error)
        self.add_event_handler('ssl_invalid_chain', self.on_tls_failed)
        self.add_event_handler('connection_failed', self.on_connection_failed)
        self.add_event_handler('disconnected', self.on_disconnected)
        self.add_event_handler('presence', self.on_presence)
        self.add_event_handler('message', self.on_message)

    async def get_dns_records(self, domain, port=None):
        # slixmpp resolves the name it connected to; pin it to --host instead, so TCP goes to the
        # loopback address while the TLS layer still checks the certificate for `domain`.
        # (Connecting to an IP address directly would leave slixmpp 1.8.3 with server_hostname=None:
        # the chain is still verified but hostname checking is silently skipped.)
        return [(domain, self.args.host, self.args.port)]

    def start(self):
        name = self.args.tls_name or self.domain
        # connect() takes the TLS name from the address it is given (default_domain).
        self.connect((name, self.args.port), use_ssl=self.args.direct_tls,
                     force_starttls=not self.args.direct_tls, disable_starttls=self.args.direct_tls)

    # --- negotiation -------------------------------------------------------------------------

    def on_auth_success(self, _stanza):
        emit('auth', mechanism=self['feature_mechanisms'].mech.name)

    def on_failed_auth(self, stanza):
        mech = self['feature_mechanisms'].mech
        emit('auth_failed', mechanism=mech.name if mech else None,
             condition=stanza['condition'], text=stanza['text'])

    def on_stream_error(self, error):
        emit('stream_error', condition=error['condition'], text=error['text'])

    def on_tls_failed(self, error):
        emit('tls_failed', error=str(error))
        self.finish('tls_failed', 1)

    def on_connection_failed(self, error):
        # Direct TLS: a certificate error surfaces here (slixmpp would otherwise retry forever).
        if isinstance(error, ssl.SSLError):
            return self.on_tls_failed(error)
        emit('connection_failed', error=str(error))
        self.finish('connection_failed', 1)

    def on_disconnected(self, reason):
        emit('disconnected', reason=str(reason) if reason else None)
        if not self.session_started and not self.exit_code:
            self.exit_code = 1
        if not self.ended.done():
            self.ended.set_result(None)

    def finish(self, why, code=0):
        if code:
            self.exit_code = code
        if why:
            emit('finish', why=why)
        if self.transport is not None and not self.ended.done():
            self.abort()
        if not self.ended.done():
            self.ended.set_result(None)

    def tls_info(self):
        so = self.transport.get_extra_info('ssl_object') if self.transport else None
        if so is None:
            return {'secure': False}
        cert = so.getpeercert() or {}
        return {
            'secure': True,
            'version': so.version(),
            'server_hostname': so.server_hostname,
            'check_hostname': so.context.check_hostname,
            'verify_mode': so.context.verify_mode.name,
            'peer_san': [f'{kind}:{value}' for kind, value in cert.get('subjectAltName', ())],
        }

    # --- stanzas -------------------------------------------------------------------------------

    def on_presence(self, pres):
        emit('presence', **{'from': str(pres['from']), 'type': pres['type'], 'to': str(pres['to'])})
        if pres['type'] in self.AVAILABLE:
            self.presences.append(pres['from'])
        for bare, fut in list(self.presence_waiters):
            if pres['from'].bare == bare and pres['type'] in self.AVAILABLE and not fut.done():
                fut.set_result(str(pres['from']))

    def on_message(self, msg):
        delay = msg['delay']['stamp'] if msg.xml.find('{urn:xmpp:delay}delay') is not None else None
        entry = {'from': str(msg['from']), 'to': str(msg['to']), 'type': msg['type'], 'body': msg['body'],
                 'delay': delay.isoformat() if delay else None,
                 'delay_from': str(msg['delay']['from']) if delay else None}
        emit('message', **entry)
        if msg['body']:
            self.messages.append(entry)
            for n, fut in list(self.message_waiters):
                if len(self.messages) >= n and not fut.done():
                    fut.set_result(None)

    # --- actions -------------------------------------------------------------------------------

    async def on_session_start(self, _event):
        self.session_started = True
        emit('session', jid=str(self.boundjid), tls=self.tls_info())
        try:
            for action in self.args.actions:
                name, _, arg = action.partition(':')
                await self.run_action(name, arg)
        except Exception as e:  # report, then leave: the test reads the events
            emit('action_error', error=f'{type(e).__name__}: {e}')
            self.exit_code = 1
        if 'hold' not in self.args.actions:
            emit('finish', why='done')
            await self.disconnect(wait=2)
            if not self.ended.done():
                self.ended.set_result(None)

    async def run_action(self, name, arg):
        if name == 'roster':
            iq = await self.get_roster(timeout=5)
            items = [{'jid': str(jid), 'subscription': item['subscription'], 'name': item['name']}
                     for jid, item in iq['roster']['items'].items()]
            emit('roster', items=items)
        elif name == 'presence':
            emit('initial_presence_sent')
            self.send_presence()
        elif name == 'wait-presence':
            seen = [str(j) for j in self.presences if j.bare == arg]
            if seen:
                emit('presence_seen', **{'from': seen[0]})
                return
            fut = asyncio.get_event_loop().create_future()
            self.presence_waiters.append((arg, fut))
            try:
                emit('presence_seen', **{'from': await asyncio.wait_for(fut, 5)})
            except asyncio.TimeoutError:
                emit('presence_timeout', jid=arg)
        elif name == 'disco-items':
            iq = await self['xep_0030'].get_items(jid=arg or self.pubsub, timeout=5)
            items = iq['disco_items']['items']
            emit('disco_items', jid=arg or self.pubsub, count=len(items),
                 nodes=[node for (_jid, node, _name) in items if node])
        elif name == 'subscribe':
            try:
                iq = await self['xep_0060'].subscribe(self.pubsub, arg, timeout=5)
                sub = iq['pubsub']['subscription']
                emit('subscribe', node=arg, ok=True, subscription=sub['subscription'], jid=str(sub['jid']))
            except IqError as e:
                emit('subscribe', node=arg, ok=False, error_type=e.iq['error']['type'],
                     condition=e.iq['error']['condition'])
        elif name == 'ping':
            start = time.monotonic()
            try:
                # Not xep_0199.ping(): for the own server it reports success even on an error reply.
                iq = await self['xep_0199'].send_ping(self.domain, timeout=5)
                emit('ping', to=self.domain, type=iq['type'], rtt_ms=round((time.monotonic() - start) * 1000, 1))
            except IqError as e:
                emit('ping', to=self.domain, type='error', condition=e.iq['error']['condition'])
        elif name == 'wait-messages':
            n = int(arg or 1)
            if len(self.messages) < n:
                fut = asyncio.get_event_loop().create_future()
                self.message_waiters.append((n, fut))
                try:
                    await asyncio.wait_for(fut, 5)
                except asyncio.TimeoutError:
                    emit('messages_timeout', wanted=n, got=len(self.messages))
                    return
            emit('messages_received', count=len(self.messages))
        elif name == 'hold':
            emit('holding')
        else:
            raise ValueError(f'unknown action {name}')



async def main():
    args = parse_args()
    logging.basicConfig(level=logging.DEBUG, stream=sys.stderr,
                        format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    emit('start', slixmpp=slixmpp.__version__, python=sys.version.split()[0])
    client = Client(args)
    client.start()
    try:
        await asyncio.wait_for(asyncio.shield(client.ended), args.deadline)
    except asyncio.TimeoutError:
        emit('deadline', seconds=args.deadline)
        client.exit_code = 2
        client.abort()
    return client.exit_code


if __name__ == '__main__':
    sys.exit(asyncio.run(main()))
