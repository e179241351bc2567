"""The help desk: supporters ask for help from any campaign page; organizers answer from the console."""
