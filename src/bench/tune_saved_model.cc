// Saving ORT's optimised graph, in each format this build can write.
#include "bench/tune_saved_model.h"

#include <filesystem>
#include <system_error>

#include "ortkit/error.h"
#include "ortkit/model.h"

namespace ortkit::bench {

const char* SavedModelExtension(const std::string& format) noexcept { return format == "ORT" ? ".ort" : ".onnx"; }

std::vector<SavedModel> SaveOptimizedModels(const std::string& model_path, const SessionConfig& config,
                                            const std::string& dir) {
  std::vector<SavedModel> saved;
  for (const std::string format : {"ONNX", "ORT"}) {
    SavedModel model{format, {}, {}};
    SessionConfig save = config;
    save.optimization_level = OptimizationLevel::kAll;
    save.optimized_model_path = dir + "/optimized" + SavedModelExtension(format);
    if (format == "ORT") save.config_entries["session.save_model_format"] = "ORT";
    std::error_code ignored;
    std::filesystem::remove(save.optimized_model_path, ignored);
    try {
      Model::Load(model_path, save);
      std::error_code ec;
      if (std::filesystem::file_size(save.optimized_model_path, ec) == 0 || ec) {
        model.error = "ONNX Runtime created the session but wrote no " + format + " file";
      } else {
        model.path = save.optimized_model_path;
      }
    } catch (const Error& e) {
      model.error = "saving the optimised model in " + format + " format failed: " + e.what();
    }
    saved.push_back(std::move(model));
  }
  return saved;
}

}  // namespace ortkit::bench
