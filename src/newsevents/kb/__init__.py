"""Offline knowledge: who held which office, in which country, on which date."""
