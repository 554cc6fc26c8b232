
# Run as a completion function (the first completion after compinit found this file): complete now,
# as the registration above serves only the next ones.
if (( $+compstate )); then
  _bash_complete -F _complete_replicate -o default
fi
