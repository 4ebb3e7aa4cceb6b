"""Evidence: what git and the run state say, behind one thin layer."""
