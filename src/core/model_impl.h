// What a Model shares among its copies: one session and everything read from it at load.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <onnxruntime_cxx_api.h>

#include "ortkit/model.h"

namespace ortkit {

struct Model::Impl {
  // Declared first so it is destroyed last: the Env must outlive the session.
  std::shared_ptr<Ort::Env> env;
  std::string name;
  SessionConfig config;
  std::vector<std::string> providers;
  Ort::Session session{nullptr};
  std::vector<ValueSpec> inputs;
  std::vector<ValueSpec> outputs;
  ModelMetadata metadata;
  // Pointers into `outputs[i].name`, rebuilt once at load for ORT's const char* arrays.
  std::vector<const char*> output_names;
  // The session's CPU arena, looked up at the first Model::arena_stats() (arena_stats.cc).
  mutable std::once_flag arena_once;
  mutable Ort::Allocator arena{nullptr};
};

namespace core {

/// The contract shared by Model::run and Runner::run: validates inputs, resolves which outputs
/// to fetch, and converts ORT's outputs back.
std::vector<const char*> ResolveOutputNames(const Model::Impl& impl,
                                            const std::vector<std::string>& requested);

}  // namespace core
}  // namespace ortkit
