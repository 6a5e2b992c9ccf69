import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "MarginLab — margin analytics for derivatives traders",
  description: "Isolated, cross and portfolio margin, offset savings, haircuts and distance to liquidation, computed in your browser.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
