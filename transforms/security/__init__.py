"""security transforms"""
