# SPDX-License-Identifier: BSD-3-Clause
# Toolchain file for a 32-bit x86 build on a 64-bit Debian host, with the
# i386 multiarch packages (gcc-multilib, liburcu-dev:i386, check:i386).
# The compiler is whatever CC names; -m32 makes it target i686.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR i686)
set(CMAKE_C_FLAGS_INIT -m32)
set(CMAKE_CXX_FLAGS_INIT -m32)
set(CMAKE_EXE_LINKER_FLAGS_INIT -m32)
set(CMAKE_SHARED_LINKER_FLAGS_INIT -m32)
set(CMAKE_MODULE_LINKER_FLAGS_INIT -m32)
set(CMAKE_LIBRARY_ARCHITECTURE i386-linux-gnu)
# pkg-config must see the i386 .pc files only.
set(ENV{PKG_CONFIG_LIBDIR}
	/usr/lib/i386-linux-gnu/pkgconfig:/usr/share/pkgconfig)
