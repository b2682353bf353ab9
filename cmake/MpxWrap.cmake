# Link-time fakes for unit tests: every "__wrap_<sym>" a test file defines
# becomes -Wl,--wrap=<sym>, so a test lists its fakes in one place only.
# _FILE_OFFSET_BITS=64 renames (open -> open64) are the test's business:
# wrap the name the object file really calls.
function(mpx_wrap_symbols target source)
	file(STRINGS ${source} _lines REGEX "__wrap_[A-Za-z0-9_]+\\(")
	set(_syms "")
	foreach(_l IN LISTS _lines)
		string(REGEX MATCHALL "__wrap_[A-Za-z0-9_]+\\(" _m "${_l}")
		foreach(_w IN LISTS _m)
			string(REGEX REPLACE "__wrap_([A-Za-z0-9_]+)\\(" "\\1" _s "${_w}")
			list(APPEND _syms ${_s})
		endforeach()
	endforeach()
	list(REMOVE_DUPLICATES _syms)
	foreach(_s IN LISTS _syms)
		target_link_options(${target} PRIVATE "-Wl,--wrap=${_s}")
	endforeach()
endfunction()
