# Install rules and the Debian package (README "Install", DESIGN §2). `cmake --install` and
# `cpack -G DEB` put, under the prefix (/usr for the package):
#   bin/knox
#   share/man/man1/knox.1.gz                   docs/knox.1, gzipped
#   share/bash-completion/completions/knox     the output of `knox completion bash`
#   share/doc/knox/copyright                   cmake/copyright
# The package's Depends line is computed from the binary's shared libraries by dpkg-shlibdeps.
# Build it from the `package` preset (Release at -O2, without -march=native, so that it runs on any
# x86-64 machine): cmake --preset package && cmake --build --preset package && cd build-package
# && cpack -G DEB.

include(GNUInstallDirs)

find_program(KNOX_GZIP gzip REQUIRED)
set(KNOX_MAN_GZ ${PROJECT_BINARY_DIR}/knox.1.gz)
set(KNOX_BASH_COMPLETION ${PROJECT_BINARY_DIR}/knox.bash-completion)
# -n: no name or time stamp in the gzip header, so the page is byte-identical between builds.
add_custom_command(OUTPUT ${KNOX_MAN_GZ}
  COMMAND ${KNOX_GZIP} -9 -n -c ${PROJECT_SOURCE_DIR}/docs/knox.1 > ${KNOX_MAN_GZ}
  DEPENDS ${PROJECT_SOURCE_DIR}/docs/knox.1
  COMMENT "gzip docs/knox.1")
add_custom_command(OUTPUT ${KNOX_BASH_COMPLETION}
  COMMAND $<TARGET_FILE:knox> completion bash > ${KNOX_BASH_COMPLETION}
  DEPENDS knox
  COMMENT "knox completion bash")
# Part of the default build except in the sanitizer and fuzzing builds, whose knox is not shipped.
if(NOT KNOX_SANITIZE AND NOT KNOX_FUZZ)
  set(KNOX_INSTALL_DATA_ALL ALL)
endif()
add_custom_target(knox_install_data ${KNOX_INSTALL_DATA_ALL}
  DEPENDS ${KNOX_MAN_GZ} ${KNOX_BASH_COMPLETION})

install(TARGETS knox RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${KNOX_MAN_GZ} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${KNOX_BASH_COMPLETION} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME knox)
install(FILES ${PROJECT_SOURCE_DIR}/cmake/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME knox)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "audit, sign, verify and crack web session cookies and tokens")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # knox_<version>_<arch>.deb
set(KNOX_PACKAGE_MAINTAINER "knox maintainers <maintainers@users.noreply.r-seed-291f80f0.example>"
  CACHE STRING "Maintainer field of the Debian package")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${KNOX_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS bash-completion)
# The extended description; CPack puts the summary above it and indents it (deb-control(5)).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "knox audit is a black-box audit of the session handling of a live HTTP(S)
server: cookie attributes, login rotation, fixation, logout, expiry,
tampering, readable payloads, published signing secrets and id entropy, each
finding with a permanent check id, CWE, OWASP ASVS and WSTG references, as
text, JSON, JUnit XML, SARIF 2.1.0 or HTML.
.
knox also signs, verifies and decodes the session tokens of Flask, Django,
Starlette, itsdangerous, Express, cookie-session, JWT, Fernet and iron byte
for byte like the real libraries, finds weak signing secrets, shows what a
browser does with a Set-Cookie header, measures session-id entropy and runs a
reference session server.")
include(CPack)

# Packaging tests (ctest labels `slow` and `cli`): not in the sanitizer and fuzzing builds, whose
# binaries are not what is shipped.
if(NOT KNOX_SANITIZE AND NOT KNOX_FUZZ)
  # cpack -G DEB into a temporary directory; the package's files, Depends line and the extracted
  # knox (--version, checks, completion, man page) are checked. Nothing is installed.
  add_test(NAME knox_deb_package
    COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/cmake/deb_test.py ${PROJECT_BINARY_DIR}
      ${PROJECT_VERSION})
  set_tests_properties(knox_deb_package PROPERTIES LABELS slow TIMEOUT 300)
  # The Dockerfile's runtime packages are exactly those owning the shared libraries of `ldd knox`.
  add_test(NAME knox_dockerfile_lint
    COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/cmake/dockerfile_test.py $<TARGET_FILE:knox>)
  # action.yml: its inputs map to real `knox audit` options, run through the action's own sh line.
  add_test(NAME knox_action_inputs
    COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/cmake/action_test.py $<TARGET_FILE:knox>)
  # docs/knox.1 renders without a groff warning and names every subcommand and long option.
  add_test(NAME knox_man_page
    COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/cmake/man_test.py $<TARGET_FILE:knox>)
  set_tests_properties(knox_dockerfile_lint knox_action_inputs knox_man_page PROPERTIES LABELS cli)
endif()
