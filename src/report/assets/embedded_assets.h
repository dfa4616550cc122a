// The HTML report's assets, compiled into the binary (generated from src/report/assets/ and
// Debian's libjs-chart.js by cmake/EmbedAssets.cmake), so a report needs no file at run time.
#pragma once

#include <string_view>

namespace ortkit::report::assets {

/// Chart.js 3.9.1, UMD minified build, exactly as Debian's libjs-chart.js ships it.
extern const std::string_view kChartJs;
/// Chart.js's MIT license text, which must travel with every copy (each report inlines one).
extern const std::string_view kChartJsLicense;
/// The page skeleton with @PLACEHOLDER@ slots (doctor_page.html).
extern const std::string_view kDoctorPage;
/// The report's stylesheet (doctor.css), screen and print.
extern const std::string_view kDoctorCss;
/// The report's script (doctor.js): draws the charts from the embedded chart specs.
extern const std::string_view kDoctorJs;
/// `ortkit graph`'s page skeleton (graph_page.html), stylesheet (graph_view.css) and script
/// (graph_view.js: pan, zoom, collapse, overlays, details).
extern const std::string_view kGraphPage;
extern const std::string_view kGraphCss;
extern const std::string_view kGraphJs;

}  // namespace ortkit::report::assets
