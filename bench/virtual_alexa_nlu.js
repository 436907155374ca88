// Dev script (not in CI): the blind test set through bespoken's virtual-alexa on the en-US model, beside our simulator.
// Usage: npm install --no-save virtual-alexa@0.7.8 && node bench/virtual_alexa_nlu.js tests/nlu/test
// Reads cases as JSON lines on stdin ({text, intent}); prints one JSON line per case ({text, intent, got}).
// virtual-alexa matches sample utterances literally (slot values in their place); what it cannot match it sends
// as FallbackIntent (or throws): both count as a miss unless FallbackIntent was expected.
const readline = require("readline");
const path = require("path");
const va = require("virtual-alexa");

const model = path.resolve(process.argv[2] || "interaction_models/en-US.json");
const alexa = va.VirtualAlexa.Builder()
  .handler((event, context, callback) => callback(null, { version: "1.0", response: { shouldEndSession: false } }))
  .interactionModelFile(model)
  .create();
let got = null;
alexa.filter((request) => {
  const r = request.request;
  got = r.type === "IntentRequest" ? r.intent.name : r.type;
});

const rl = readline.createInterface({ input: process.stdin });
const lines = [];
rl.on("line", (line) => line.trim() && lines.push(JSON.parse(line)));
rl.on("close", async () => {
  for (const c of lines) {
    got = null;
    try {
      await alexa.utter(c.text);
    } catch (e) {
      got = "ERROR: " + String(e.message || e).slice(0, 80);
    }
    process.stdout.write(JSON.stringify({ text: c.text, intent: c.intent, got }) + "\n");
  }
});
