# Install rules: the library, its public headers, the CLI, and a CMake package so that
# `find_package(ortkit)` + `target_link_libraries(app ortkit::ortkit)` works.
include(CMakePackageConfigHelpers)

install(TARGETS ortkit EXPORT ortkitTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS ortkit_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# `ortkit trace` preloads libortkit_trace.so from the directory of its own executable.
install(TARGETS ortkit_trace LIBRARY DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/ortkit DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT ortkitTargets NAMESPACE ortkit:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ortkit)

configure_package_config_file(cmake/ortkitConfig.cmake.in
  "${PROJECT_BINARY_DIR}/ortkitConfig.cmake"
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ortkit)
write_basic_package_version_file("${PROJECT_BINARY_DIR}/ortkitConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/ortkitConfig.cmake" "${PROJECT_BINARY_DIR}/ortkitConfigVersion.cmake"
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ortkit)
