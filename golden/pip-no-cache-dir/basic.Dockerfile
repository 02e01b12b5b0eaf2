# finding: 2:5: pip-no-cache-dir pip install keeps its download cache in the image; add --no-cache-dir [safe]
# finding: 3:5: pip-no-cache-dir pip install keeps its download cache in the image; add --no-cache-dir [safe]
# finding: 3:41: pip-no-cache-dir pip install keeps its download cache in the image; add --no-cache-dir [safe]
# finding: 4:5: pip-no-cache-dir pip install keeps its download cache in the image; add --no-cache-dir [safe]
FROM python:3.12-slim
RUN pip install requests
RUN pip3 install -r requirements.txt && python3 -m pip install --upgrade pip
RUN python -m pip install flask
# ---- output ----
FROM python:3.12-slim
RUN pip install --no-cache-dir requests
RUN pip3 install --no-cache-dir -r requirements.txt && python3 -m pip install --no-cache-dir --upgrade pip
RUN python -m pip install --no-cache-dir flask
