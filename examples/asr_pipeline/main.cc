// A speech-recognition pipeline, the multi-model case where C++ wrappers classically leak names and
// metadata or double-free shallow copies: an encoder model and a CTC head model, N decoder objects
// that each hold *copies* of both (a copy of an ortkit::Model shares its one session, so N decoders
// cost two sessions, not 2N), fed by several threads at once. Each transcript is checked against one
// decoded alone on one thread; the tests also run this program under valgrind.
//
// Usage: asr_pipeline ENCODER.onnx CTC_HEAD.onnx [DECODERS [THREADS [ROUNDS]]]
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <ortkit/ortkit.h>

namespace {

constexpr int64_t kFeatures = 80;  // the encoder's input: 80 filterbank features per frame
constexpr int kBlank = 0;          // CTC's blank token

// One decoder as an application would hold it: by value, copyable, no ownership questions.
class Decoder {
 public:
  Decoder(ortkit::Model encoder, ortkit::Model ctc_head) : encoder_(std::move(encoder)), ctc_head_(std::move(ctc_head)) {}

  // Greedy CTC: the best token per frame, repeats merged, blanks dropped.
  std::vector<int> Decode(const std::vector<float>& features) const {
    const int64_t frames = static_cast<int64_t>(features.size()) / kFeatures;
    const ortkit::NamedValues encoded = encoder_.run(
        {{"features", ortkit::Tensor::Borrow(features.data(), features.size(), {1, frames, kFeatures})}});
    const ortkit::NamedValues scored = ctc_head_.run({{"encoded", encoded[0].value}});
    const ortkit::Tensor& log_probs = scored[0].value.tensor();
    const int64_t tokens = log_probs.shape()[2];
    const float* p = log_probs.data_as<float>();
    std::vector<int> transcript;
    int previous = kBlank;
    for (int64_t f = 0; f < frames; ++f, p += tokens) {
      int best = 0;
      for (int t = 1; t < tokens; ++t) best = p[t] > p[best] ? t : best;
      if (best != kBlank && best != previous) transcript.push_back(best);
      previous = best;
    }
    return transcript;
  }

 private:
  ortkit::Model encoder_;
  ortkit::Model ctc_head_;
};

// Utterance `id`: 20 to 199 frames of deterministic pseudo-features, so every length differs and the
// sessions see many shapes, as a real server does.
std::vector<float> Utterance(int id) {
  const int64_t frames = 20 + (id * 37) % 180;
  std::vector<float> features(static_cast<std::size_t>(frames * kFeatures));
  uint32_t state = 2654435761u * static_cast<uint32_t>(id + 1);
  for (float& x : features) {
    state = state * 1664525u + 1013904223u;
    x = static_cast<float>(state >> 8) / 16777216.0f * 2.0f - 1.0f;
  }
  return features;
}

int Arg(int argc, char** argv, int index, int fallback) {
  return argc > index ? std::atoi(argv[index]) : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 6) {
    std::fprintf(stderr, "usage: %s ENCODER.onnx CTC_HEAD.onnx [DECODERS [THREADS [ROUNDS]]]\n", argv[0]);
    return 2;
  }
  const int decoder_count = Arg(argc, argv, 3, 8), threads = Arg(argc, argv, 4, 4), rounds = Arg(argc, argv, 5, 2);
  if (decoder_count < 1 || threads < 1 || rounds < 1) {
    std::fprintf(stderr, "DECODERS, THREADS and ROUNDS must be positive integers\n");
    return 2;
  }
  const int utterances = 3 * decoder_count;
  try {
    ortkit::SessionConfig config;
    config.intra_op_threads = 1;  // the threads below are the parallelism
    const ortkit::Model encoder = ortkit::Model::Load(argv[1], config);
    const ortkit::Model ctc_head = ortkit::Model::Load(argv[2], config);

    std::vector<Decoder> decoders;
    for (int i = 0; i < decoder_count; ++i) decoders.emplace_back(encoder, ctc_head);

    // The reference: every utterance decoded alone, on this thread.
    std::vector<std::vector<int>> expected;
    for (int id = 0; id < utterances; ++id) expected.push_back(decoders[0].Decode(Utterance(id)));

    // Many threads, many decoders, one session per model underneath.
    std::atomic<int> next{0}, decoded{0}, mismatches{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&] {
        for (int job; (job = next++) < utterances * rounds;) {
          const int id = job % utterances;
          if (decoders[static_cast<std::size_t>(job % decoder_count)].Decode(Utterance(id)) != expected[id]) ++mismatches;
          ++decoded;
        }
      });
    }
    for (auto& w : workers) w.join();

    std::printf("decoders: %d, threads: %d, utterances decoded: %d, mismatches: %d\n", decoder_count, threads,
                decoded.load(), mismatches.load());
    std::printf("sessions: encoder shared by %ld objects, ctc head shared by %ld objects\n", encoder.use_count(),
                ctc_head.use_count());
    std::printf("first transcript: %zu tokens\n", expected[0].size());
    return mismatches == 0 ? 0 : 1;
  } catch (const ortkit::Error& e) {
    std::fprintf(stderr, "error (%s): %s\n", ortkit::ToString(e.category()), e.what());
    return 2;
  }
}
