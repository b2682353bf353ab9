# The kernel the VM bench boots: Debian's current linux-image-amd64, fetched
# and unpacked at build time into MPX_VM_CACHE (never installed on the host).
# Its headers are also the default KERNEL_DIR for dm-mpx.ko.

if(DEFINED ENV{MPX_VM_CACHE} AND NOT DEFINED MPX_VM_CACHE)
	set(MPX_VM_CACHE "$ENV{MPX_VM_CACHE}")
endif()
set(MPX_VM_CACHE "${CMAKE_BINARY_DIR}/vm-cache" CACHE PATH
	"Where the bench keeps the downloaded Debian kernel (shareable between build trees)")

set(_fetch ${CMAKE_SOURCE_DIR}/tests/vm/lib/fetch-kernel.sh)
if(NOT MPX_VM_KVER)
	execute_process(COMMAND ${_fetch} --kver
		OUTPUT_VARIABLE _kver OUTPUT_STRIP_TRAILING_WHITESPACE
		ERROR_VARIABLE _kerr RESULT_VARIABLE _krc)
	if(NOT _krc EQUAL 0 OR _kver STREQUAL "")
		message(FATAL_ERROR "Cannot tell which Debian kernel the VM bench should use: "
			"${_kerr}\nPass -DMPX_VM_KVER=<version> or "
			"-DMPX_BUILD_MODULE=OFF -DMPX_VM_TESTS=OFF.")
	endif()
	set(MPX_VM_KVER "${_kver}" CACHE STRING "Debian kernel version the VM bench boots")
endif()

set(MPX_VM_KDIR ${MPX_VM_CACHE}/${MPX_VM_KVER})
set(MPX_VM_HEADERS ${MPX_VM_KDIR}/root/usr/src/linux-headers-${MPX_VM_KVER})
set(MPX_VM_STAMP ${MPX_VM_KDIR}/.complete)
add_custom_command(OUTPUT ${MPX_VM_STAMP}
	COMMAND ${_fetch} ${MPX_VM_CACHE} ${MPX_VM_KVER}
	COMMENT "Fetching Debian kernel ${MPX_VM_KVER} for the VM bench"
	VERBATIM)
add_custom_target(vm-kernel ALL DEPENDS ${MPX_VM_STAMP})

# For scripts that boot the bench outside ctest (scripts/demo.sh).
file(WRITE ${CMAKE_BINARY_DIR}/vm/kernel-dir "${MPX_VM_KDIR}\n")
