// A voice call member on independent code: @discordjs/voice (voice gateway v8 over wss, UDP, transport
// encryption), @snazzah/davey (DAVE, Rust/OpenMLS) and opusscript (Opus). It joins the call it is given,
// listens to one user and writes what it decodes as 48 kHz stereo s16le PCM.
//
//   NODE_EXTRA_CA_CERTS=ca.pem node member.js '<grant json>' <listen-to-user-id> <out.pcm>
//
// The grant is what the simulator's POST /control/guilds/{g}/voice/connections answers. Progress goes to
// stdout as JSON lines; a line "stop" on stdin ends it.
'use strict';
const fs = require('node:fs');
const readline = require('node:readline');
const { joinVoiceChannel, VoiceConnectionStatus, EndBehaviorType, entersState } = require('@discordjs/voice');
const OpusScript = require('opusscript');

const grant = JSON.parse(process.argv[2]);
const listenTo = process.argv[3];
const out = fs.createWriteStream(process.argv[4]);
const report = (event, fields = {}) => process.stdout.write(JSON.stringify({ event, ...fields }) + '\n');

let gateway; // the library's adapter methods: we play Discord's main gateway for it
const connection = joinVoiceChannel({
  guildId: grant.guildId, channelId: grant.channelId, selfDeaf: false, selfMute: true, daveEncryption: true,
  adapterCreator: (methods) => { gateway = methods; return { sendPayload: () => true, destroy: () => {} }; },
});
connection.on('error', (error) => report('error', { message: String(error && error.message || error) }));
gateway.onVoiceStateUpdate({ guild_id: grant.guildId, channel_id: grant.channelId, user_id: grant.userId,
  session_id: grant.sessionId, self_deaf: false, self_mute: true });
gateway.onVoiceServerUpdate({ guild_id: grant.guildId, token: grant.token, endpoint: grant.endpoint });

/** The DAVE session inside the connection, where the library keeps it (for reporting only). */
function dave() {
  const networking = connection.state && connection.state.networking;
  const state = networking && networking.state;
  return state && state.dave && state.dave.session;
}

let frames = 0;
const decoder = new OpusScript(48000, 2);
connection.on('transitioned', (transitionId) => {
  const session = dave();
  report('transitioned', { transitionId, epoch: session && session.epoch != null ? Number(session.epoch) : null,
    protocolVersion: session ? session.protocolVersion : null, privacyCode: connection.voicePrivacyCode || null });
});

entersState(connection, VoiceConnectionStatus.Ready, 20_000).then(() => {
  report('ready');
  const opus = connection.receiver.subscribe(listenTo, { end: { behavior: EndBehaviorType.Manual } });
  opus.on('data', (packet) => {
    out.write(Buffer.from(decoder.decode(packet)));
    frames++;
  });
  setInterval(() => {
    const session = dave();
    report('heard', { frames, daveReady: !!(session && session.ready),
      epoch: session && session.epoch != null ? Number(session.epoch) : null });
  }, 250).unref();
}).catch((error) => {
  report('failed', { message: String(error && error.message || error) });
  process.exit(1);
});

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'stop') return;
  connection.destroy();
  out.end(() => {
    report('stopped', { frames });
    decoder.delete();
    process.exit(0);
  });
});
