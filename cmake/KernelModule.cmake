# Build dm-target/ with Kbuild against a kernel build tree.
#
# Kbuild writes its objects next to the sources of an external module, so
# each build gets a tree of symlinks to dm-target/ in the build directory and
# Kbuild runs there: the source tree stays clean and two kernels can be built
# side by side. W=1 with -Werror keeps the module warning-free.
#
# mpx_kernel_module(<target> KDIR <dir> OUTDIR <dir> [AFTER <targets>...])
# AFTER names targets that must be built first (e.g. the kernel download).

function(mpx_kernel_module target)
	cmake_parse_arguments(KM "" "KDIR;OUTDIR" "AFTER" ${ARGN})
	file(GLOB_RECURSE _srcs CONFIGURE_DEPENDS
		${CMAKE_SOURCE_DIR}/dm-target/*.c
		${CMAKE_SOURCE_DIR}/dm-target/*.h
		${CMAKE_SOURCE_DIR}/dm-target/Kbuild
		${CMAKE_SOURCE_DIR}/include/mpx/*.h)
	set(_ko ${KM_OUTDIR}/dm-mpx.ko)
	add_custom_command(OUTPUT ${_ko}
		COMMAND ${CMAKE_COMMAND} -E rm -rf ${KM_OUTDIR}
		COMMAND ${CMAKE_COMMAND} -E make_directory ${KM_OUTDIR}
		COMMAND cp -rs ${CMAKE_SOURCE_DIR}/dm-target/. ${KM_OUTDIR}/
		COMMAND cp -rs ${CMAKE_SOURCE_DIR}/include ${KM_OUTDIR}/include
		COMMAND make -s -C ${KM_KDIR} M=${KM_OUTDIR} W=1 KCFLAGS=-Werror modules
		DEPENDS ${_srcs}
		COMMENT "Building dm-mpx.ko against ${KM_KDIR}"
		VERBATIM)
	add_custom_target(${target} ALL DEPENDS ${_ko})
	if(KM_AFTER)
		add_dependencies(${target} ${KM_AFTER})
	endif()
endfunction()

# An out-of-tree module that builds against dm-mpx's exports, as a third
# party's selector would: its own Kbuild dir, dm-mpx's Module.symvers.
# mpx_extra_module(<target> SRC <dir> KDIR <dir> OUTDIR <dir> AFTER <module target>
#                  SYMVERS <file>)
function(mpx_extra_module target)
	cmake_parse_arguments(EM "" "SRC;KDIR;OUTDIR;AFTER;SYMVERS" "" ${ARGN})
	file(GLOB _srcs CONFIGURE_DEPENDS ${EM_SRC}/*.c ${EM_SRC}/Kbuild
		${CMAKE_SOURCE_DIR}/dm-target/mpx-compat.h
		${CMAKE_SOURCE_DIR}/include/mpx/*.h)
	add_custom_command(OUTPUT ${EM_OUTDIR}/.built
		COMMAND ${CMAKE_COMMAND} -E rm -rf ${EM_OUTDIR}
		COMMAND ${CMAKE_COMMAND} -E make_directory ${EM_OUTDIR}
		COMMAND cp -rs ${EM_SRC}/. ${EM_OUTDIR}/
		COMMAND make -s -C ${EM_KDIR} M=${EM_OUTDIR} W=1 KCFLAGS=-Werror
			KBUILD_EXTRA_SYMBOLS=${EM_SYMVERS}
			MPX_INCLUDE=${CMAKE_SOURCE_DIR}/include modules
		COMMAND ${CMAKE_COMMAND} -E touch ${EM_OUTDIR}/.built
		DEPENDS ${_srcs} ${EM_SYMVERS}
		COMMENT "Building ${target} against ${EM_KDIR}"
		VERBATIM)
	add_custom_target(${target} ALL DEPENDS ${EM_OUTDIR}/.built)
	add_dependencies(${target} ${EM_AFTER})
endfunction()
