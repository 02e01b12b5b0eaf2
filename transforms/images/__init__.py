"""images transforms"""
