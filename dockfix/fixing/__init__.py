"""fixing"""
