// Node.js with onnxruntime-node: loads a model, runs it, and releases the session unless asked not
// to.   node trace_node.js MODEL release|keep
const ort = require('onnxruntime-node');

async function main() {
  const [model, mode] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(model);
  for (let i = 0; i < 3; ++i) {
    const x = new ort.Tensor('float32', Float32Array.from([i, i + 1]), [2]);
    await session.run({x});
  }
  if (mode === 'release') await session.release();
  console.log('node done');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
