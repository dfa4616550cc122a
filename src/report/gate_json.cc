// The accuracy gate's figures as JSON.
#include "report/gate_json.h"

#include <cmath>

namespace ortkit::report {

nlohmann::ordered_json AccuracyGateJson(const compare::GateResult& g) {
  using Json = nlohmann::ordered_json;
  Json outputs = Json::array();
  for (const auto& o : g.outputs) {
    // NaN is no JSON number: a cosine made NaN by the candidate's NaNs is written as null.
    const Json cosine = std::isnan(o.cosine) ? Json(nullptr) : Json(o.cosine);
    outputs.push_back(Json{{"name", o.name},
                           {"type", o.type},
                           {"shape", o.shape},
                           {"elements", o.elements},
                           {"cosine", cosine},
                           {"max_abs", o.max_abs},
                           {"max_rel", o.max_rel},
                           {"scores", o.scores},
                           {"rows", o.rows},
                           {"top1_agreement", o.scores ? Json(1 - o.top1_disagreement()) : Json(nullptr)},
                           {"top5_overlap", o.scores ? Json(o.top5_overlap) : Json(nullptr)},
                           {"mismatches", o.mismatches},
                           {"pass", o.pass},
                           {"failure", o.failure},
                           {"note", o.note}});
  }
  return Json{{"passed", g.passed},
              {"samples", g.samples},
              {"first_seed", g.inputs.empty() ? Json(g.first_seed) : Json(nullptr)},
              {"inputs", g.inputs.empty() ? Json("seeded") : Json(g.inputs)},
              {"min_cosine", g.options.min_cosine},
              {"max_top1_disagreement", g.options.max_top1_disagreement},
              {"outputs", outputs}};
}

}  // namespace ortkit::report
