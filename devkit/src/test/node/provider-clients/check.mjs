// Reads each simulator with a client library written by others, and prints what the library made of it.
// Usage: node check.mjs '<json: {lrclib, deezer, sponsorBlock, appleMusic, developerToken, forgedToken, ids...}>'
import { Client as Lrclib } from "lrclib-api";
import { DeezerPublicApi } from "deezer-public-api";
import { SponsorBlock } from "sponsorblock-api";
import appleMusic from "@yujinakayama/apple-music";

const input = JSON.parse(process.argv[2]);
const out = {};

async function attempt(name, work) {
  try {
    out[name] = await work();
  } catch (error) {
    out[name] = { error: error.constructor.name, message: String(error.message), status: error.httpStatusCode ?? error.status ?? null };
  }
}

const lrclib = new Lrclib({ url: input.lrclib + "/api" });
await attempt("lrclibSynced", async () => lrclib.getSynced({ track_name: "Riff Demo Tune", artist_name: input.artist, duration: 30000 }));
await attempt("lrclibMissing", async () => lrclib.getUnsynced({ track_name: "Chord Progression in C", artist_name: input.artist }));

const deezer = new DeezerPublicApi({ apiUrl: input.deezer + "/" });
await attempt("deezerTrack", async () => deezer.track({ id: input.deezerTrack }));
await attempt("deezerByIsrc", async () => deezer.track.isrc({ isrc: input.isrc }));
await attempt("deezerPlaylistPage", async () => {
  const first = await deezer.playlist.tracks({ id: input.deezerMarathon, limit: 100 });
  const second = await first.next();
  return { total: first.total, first: first.data.length, second: second.data.length, nextIndex: first.nextIndex };
});
await attempt("deezerMissing", async () => deezer.track({ id: "1" }));
await fetch(input.deezerSpendQuota, { method: "POST" }).catch(() => {});
await attempt("deezerQuota", async () => deezer.track({ id: input.deezerTrack }));

const sponsorBlock = new SponsorBlock("riff-provider-clients", { baseURL: input.sponsorBlock });
await attempt("sponsorSegments", async () => sponsorBlock.getSegments(input.videoId, ["sponsor", "outro"]));

const apple = new appleMusic.Client({ developerToken: input.developerToken, defaultStorefront: "us" });
const forged = new appleMusic.Client({ developerToken: input.forgedToken, defaultStorefront: "us" });
// The library's base URL is Apple's; pointed at the simulator, it is otherwise used as published.
for (const client of [apple, forged]) {
  for (const resource of [client.songs, client.playlists]) {
    resource.axiosInstance.defaults.baseURL = input.appleMusic + "/v1";
  }
}
await attempt("appleSong", async () => apple.songs.get(input.appleSong));
await attempt("applePlaylist", async () => apple.playlists.get(input.applePlaylist));
await attempt("appleForged", async () => forged.songs.get(input.appleSong));

console.log(JSON.stringify(out));
