# SPDX-License-Identifier: BSD-3-Clause
# Finds liburcu (the default "memb" flavour and the urcu-common library it
# needs) and defines the imported target scmi_vio::urcu.  Installed next to
# scmi_vioConfig.cmake, which uses it for the static library's link
# interface; pkg-config only supplies hints, so it is not required.
#
# Result: scmi_vio_urcu_FOUND, target scmi_vio::urcu.
find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
	pkg_check_modules(PC_SCMI_VIO_URCU QUIET liburcu)
endif()
find_path(SCMI_VIO_URCU_INCLUDE_DIR urcu/urcu-memb.h
	HINTS ${PC_SCMI_VIO_URCU_INCLUDE_DIRS})
find_library(SCMI_VIO_URCU_LIBRARY urcu
	HINTS ${PC_SCMI_VIO_URCU_LIBRARY_DIRS})
find_library(SCMI_VIO_URCU_COMMON_LIBRARY urcu-common
	HINTS ${PC_SCMI_VIO_URCU_LIBRARY_DIRS})
mark_as_advanced(SCMI_VIO_URCU_INCLUDE_DIR SCMI_VIO_URCU_LIBRARY
	SCMI_VIO_URCU_COMMON_LIBRARY)

include(FindPackageHandleStandardArgs)
set(_scmi_vio_urcu_version "")
if(PC_SCMI_VIO_URCU_VERSION) # known only through pkg-config
	set(_scmi_vio_urcu_version VERSION_VAR PC_SCMI_VIO_URCU_VERSION)
endif()
find_package_handle_standard_args(scmi_vio_urcu
	REQUIRED_VARS SCMI_VIO_URCU_LIBRARY SCMI_VIO_URCU_COMMON_LIBRARY
		SCMI_VIO_URCU_INCLUDE_DIR
	${_scmi_vio_urcu_version})
unset(_scmi_vio_urcu_version)

if(scmi_vio_urcu_FOUND AND NOT TARGET scmi_vio::urcu)
	# urcu before urcu-common: a static liburcu.a needs symbols of
	# liburcu-common.a (liburcu.pc lists them the other way round).
	add_library(scmi_vio::urcu INTERFACE IMPORTED)
	set_target_properties(scmi_vio::urcu PROPERTIES
		INTERFACE_INCLUDE_DIRECTORIES "${SCMI_VIO_URCU_INCLUDE_DIR}"
		INTERFACE_LINK_LIBRARIES
			"${SCMI_VIO_URCU_LIBRARY};${SCMI_VIO_URCU_COMMON_LIBRARY}")
endif()
