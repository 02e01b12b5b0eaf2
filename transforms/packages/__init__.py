"""packages transforms"""
