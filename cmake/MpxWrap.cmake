# Link-time fakes for unit tests: every "__wrap_<sym>" a test file defines
# becomes -Wl,--wrap=<sym>, so a test lists its fakes in one place only.
# _FILE_OFFSET_BITS=64 renames (open -> open64) are the test's business:
# wrap the name the object file really calls. Further sources after the
# first (a fixture several tests share) are read for fakes too.
function(mpx_wrap_symbols target source)
	set(_syms "")
	foreach(_src IN ITEMS ${source} ${ARGN})
		file(STRINGS ${_src} _lines REGEX "__wrap_[A-Za-z0-9_]+\\(")
		foreach(_l IN LISTS _lines)
			string(REGEX MATCHALL "__wrap_[A-Za-z0-9_]+\\(" _m "${_l}")
			foreach(_w IN LISTS _m)
				string(REGEX REPLACE "__wrap_([A-Za-z0-9_]+)\\(" "\\1" _s "${_w}")
				list(APPEND _syms ${_s})
			endforeach()
		endforeach()
	endforeach()
	list(REMOVE_DUPLICATES _syms)
	foreach(_s IN LISTS _syms)
		target_link_options(${target} PRIVATE "-Wl,--wrap=${_s}")
	endforeach()
endfunction()
