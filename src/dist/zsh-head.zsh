#compdef replicate
# zsh completion for replicate (installed as _replicate in a folder on $fpath, such as
# /usr/share/zsh/vendor-completions). Made at build time from completions/replicate.bash, picocli's
# script, which completes through zsh's bashcompinit: the first completion runs this file as the
# function _replicate, which defines the script's functions, registers them for later completions
# and completes this once (at the end of the file).
#
# zsh parses a function file whole before running it, so the script's `alias compopt=complete`
# comes too late for its own functions: they would run a command named compopt, which zsh lacks.
# compopt only adjusts bash's display of file names; here it does nothing.
(( $+functions[compopt] )) || compopt() { return 0 }

