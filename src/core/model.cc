// ortkit::Model: loading, introspection and thread-safe runs on one shared session.
#include "ortkit/model.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sys/stat.h>

#include "core/input_validation.h"
#include "core/model_impl.h"
#include "core/ort_env.h"
#include "core/ort_error.h"
#include "core/ort_introspect.h"
#include "core/ort_session_options.h"
#include "core/ort_values.h"
#include "ortkit/error.h"
#include "ortkit/runner.h"

namespace ortkit {
namespace {

// Fails early, with the OS's reason, for paths ORT would report less clearly.
void CheckReadableFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw Error(ErrorCategory::kLoad, "while loading '" + path + "': " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) {
    throw Error(ErrorCategory::kLoad, "while loading '" + path + "': it is a directory, not a model file");
  }
  std::ifstream probe(path, std::ios::binary);
  if (!probe) {
    throw Error(ErrorCategory::kLoad, "while loading '" + path + "': " + std::strerror(errno));
  }
}

template <typename MakeSession>
std::shared_ptr<const Model::Impl> LoadImpl(const std::string& label, const SessionConfig& config,
                                            MakeSession make_session) {
  auto impl = std::make_shared<Model::Impl>();
  impl->env = core::ProcessEnv();
  impl->name = label;
  impl->config = config;
  core::BuiltSessionOptions built = core::BuildSessionOptions(config, label);
  impl->providers = std::move(built.providers);
  const std::string context = "while loading '" + label + "'";
  core::WithOrtContext(ErrorCategory::kLoad, context, [&] {
    impl->session = make_session(*impl->env, built.options);
    impl->inputs = core::ReadInputSpecs(impl->session);
    impl->outputs = core::ReadOutputSpecs(impl->session);
    impl->metadata = core::ReadMetadata(impl->session);
  });
  for (const auto& spec : impl->outputs) impl->output_names.push_back(spec.name.c_str());
  return impl;
}

}  // namespace

Model Model::Load(const std::string& path, const SessionConfig& config) {
  CheckReadableFile(path);
  return Model(LoadImpl(path, config, [&](Ort::Env& env, const Ort::SessionOptions& options) {
    return Ort::Session(env, path.c_str(), options);
  }));
}

Model Model::FromBytes(const void* data, std::size_t size, const SessionConfig& config,
                       const std::string& label) {
  if (!data || size == 0) throw Error(ErrorCategory::kLoad, "while loading '" + label + "': no bytes given");
  return Model(LoadImpl(label, config, [&](Ort::Env& env, const Ort::SessionOptions& options) {
    return Ort::Session(env, data, size, options);
  }));
}

const std::string& Model::name() const { return impl_->name; }
const SessionConfig& Model::config() const { return impl_->config; }
const std::vector<ValueSpec>& Model::inputs() const { return impl_->inputs; }
const std::vector<ValueSpec>& Model::outputs() const { return impl_->outputs; }
const ModelMetadata& Model::metadata() const { return impl_->metadata; }
const std::vector<std::string>& Model::providers() const { return impl_->providers; }

std::vector<const char*> core::ResolveOutputNames(const Model::Impl& impl,
                                                  const std::vector<std::string>& requested) {
  if (requested.empty()) return impl.output_names;
  ValidateOutputNames(impl.name, impl.outputs, requested);
  std::vector<const char*> names;
  names.reserve(requested.size());
  for (const auto& n : requested) names.push_back(n.c_str());
  return names;
}

NamedValues Model::run(const NamedValues& inputs, const std::vector<std::string>& output_names) const {
  return Run(inputs, output_names, "");
}

NamedValues Model::run_profiled(const std::string& profile_prefix, const NamedValues& inputs,
                                const std::vector<std::string>& output_names) const {
  if (profile_prefix.empty()) throw Error(ErrorCategory::kConfig, "run_profiled: the profile prefix is empty");
  return Run(inputs, output_names, profile_prefix);
}

NamedValues Model::Run(const NamedValues& inputs, const std::vector<std::string>& output_names,
                       const std::string& profile_prefix) const {
  const Impl& impl = *impl_;
  core::ValidateInputs(impl.name, impl.inputs, inputs);
  const std::vector<const char*> out_names = core::ResolveOutputNames(impl, output_names);

  std::vector<const char*> in_names;
  std::vector<Ort::Value> in_values;
  in_names.reserve(inputs.size());
  in_values.reserve(inputs.size());
  auto context = [&impl] { return "while running '" + impl.name + "'"; };
  core::WithLazyOrtContext(ErrorCategory::kInput, context, [&] {
    for (const auto& input : inputs) {
      if (input.value.is_none()) continue;  // an absent optional input is simply not fed
      in_names.push_back(input.name.c_str());
      in_values.push_back(core::ToOrtValue(input.value));
    }
  });

  std::vector<Ort::Value> results = core::WithLazyOrtContext(ErrorCategory::kRun, context, [&] {
    Ort::RunOptions run_options = core::BuildRunOptions(impl.config, profile_prefix);
    // Session::Run is const in ORT and documented safe to call concurrently.
    return const_cast<Ort::Session&>(impl.session)
        .Run(run_options, in_names.data(), in_values.data(), in_values.size(), out_names.data(),
             out_names.size());
  });

  NamedValues outputs;
  outputs.reserve(results.size());
  core::WithLazyOrtContext(ErrorCategory::kRun, context, [&] {
    for (std::size_t i = 0; i < results.size(); ++i) {
      outputs.push_back(NamedValue{out_names[i], core::FromOrtValue(std::move(results[i]))});
    }
  });
  return outputs;
}

Runner Model::runner() const { return Runner(*this); }

}  // namespace ortkit
